import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Every file under `dir` (relative path, forward slashes) with the SHA-256 of its bytes, or
 * undefined when there is no such folder. Dot files count, unlike in `hashOutputFiles`: a
 * leftover commit marker or a stray file is a difference too. Anything that is not a regular
 * file is named as such.
 */
export function hashTree(dir: string): ReadonlyMap<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dir, file).split(path.sep).join("/");
    files.set(
      rel,
      entry.isFile()
        ? createHash("sha256").update(readFileSync(file)).digest("hex")
        : "not a regular file",
    );
  }
  return files;
}

/** True when both trees hold the same files with the same bytes. */
export function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([file, hash]) => b.get(file) === hash);
}

/** The first `limit` files that differ between two trees (missing from one, or other bytes). */
export function treeDifferences(
  actual: ReadonlyMap<string, string> | undefined,
  expected: ReadonlyMap<string, string>,
  limit = 8,
): string[] {
  if (!actual) return ["(no output folder)"];
  const files = new Set([...actual.keys(), ...expected.keys()]);
  return [...files]
    .filter((file) => actual.get(file) !== expected.get(file))
    .sort()
    .slice(0, limit);
}
