import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { listFiles } from "../../src/files/list-files.js";
import { hashOutputFiles, repoRoot, testNow } from "../helpers/build-site.js";

/** Every file under `dir` with the SHA-256 of its bytes. */
// Whole-site builds with image processing: slow on a loaded machine, so generous time bounds.
describe("the sample site", { timeout: 300_000 }, () => {
  let root: string;
  beforeAll(async () => {
    // A copy of the repository's sample newsroom, so builds never touch the working tree.
    root = await mkdtemp(path.join(tmpdir(), "newsdeck-sample-"));
    for (const entry of ["content", "public", "newsdeck.config.ts"]) {
      await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("builds byte-identical output from the same input and --now", async () => {
    const first = await build({ root, outDir: path.join(root, "out-a"), now: testNow });
    const second = await build({ root, outDir: path.join(root, "out-b"), now: testNow });
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    const a = await hashOutputFiles(path.join(root, "out-a"));
    const b = await hashOutputFiles(path.join(root, "out-b"));
    expect(Object.keys(a).length).toBeGreaterThan(40);
    expect(b).toEqual(a);
  });

  it("leaves the previous output exactly as it was when a build fails", async () => {
    const outDir = path.join(root, "out-atomic");
    expect((await build({ root, outDir, now: testNow })).exitCode).toBe(0);
    const before = await hashOutputFiles(outDir);

    const victim = path.join(root, "content/articles/2026/11/solar-farm.md");
    const original = await readFile(victim, "utf8");
    await writeFile(victim, original.replace(/^title:.*$/m, "title: [unclosed"));
    try {
      const failed = await build({ root, outDir, now: testNow });
      expect(failed.exitCode).toBe(1);
      expect(
        failed.diagnostics.some(
          (d) => d.file === "content/articles/2026/11/solar-farm.md" && d.code === "YamlSyntax",
        ),
      ).toBe(true);
    } finally {
      await writeFile(victim, original);
    }
    expect(await hashOutputFiles(outDir)).toEqual(before);
    // No staging folder is left behind next to the output.
    expect((await listFiles(root, [".newsdeck-tmp-*/**"])).length).toBe(0);
  });
});
