import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../helpers/build-site.js";

/** Every file under `dir`, dotfiles included, relative and sorted. */
async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("determinism", () => {
  it.each(["newsroom-listings", "newsroom-embargo"])(
    "building %s twice, from two copies into two folders, gives byte-identical files",
    async (fixture) => {
      const first = await buildSite(fixture);
      try {
        const second = await buildSite(fixture);
        try {
          expect(first.result.exitCode).toBe(0);
          expect(second.result.exitCode).toBe(0);
          expect(first.root).not.toBe(second.root);
          const files = await everyFile(first.outDir);
          expect(files.length).toBeGreaterThan(10);
          expect(await everyFile(second.outDir)).toEqual(files);
          for (const file of files) {
            const a = await readFile(path.join(first.outDir, file));
            const b = await readFile(path.join(second.outDir, file));
            expect(a.equals(b), `${file} differs between the two builds`).toBe(true);
          }
        } finally {
          await second.cleanup();
        }
      } finally {
        await first.cleanup();
      }
    },
  );
});
