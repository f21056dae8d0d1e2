import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach } from "vitest";

/**
 * Temporary folders for the tests of a `describe` block: returns a function that makes one
 * (`<tmpdir>/<prefix><random>`), and registers their removal after each test, or after the
 * whole block (`"all"`) when its tests share what a `beforeAll` made.
 */
export function tempFolders(
  removeAfter: "each" | "all" = "each",
): (prefix: string) => Promise<string> {
  const made: string[] = [];
  (removeAfter === "each" ? afterEach : afterAll)(async () => {
    for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  return async (prefix) => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
