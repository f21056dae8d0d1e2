import { existsSync } from "node:fs";
import path from "node:path";
import { glob } from "tinyglobby";

/**
 * Files under `dir`, relative to it with forward slashes, sorted by code point so that the
 * order never depends on the file system. Dotfiles are skipped.
 */
export async function listFiles(dir: string, patterns: string[] = ["**/*"]): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files = await glob(patterns, {
    cwd: dir,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
  });
  return files
    .map((file) => file.split(path.sep).join("/"))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
