import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashOutputFiles, writeTree } from "../helpers/build-site.js";
import { runNewsdeck } from "../helpers/newsdeck-process.js";

/**
 * A real full disk: the output folder on a small tmpfs, mounted for the test (this needs root;
 * elsewhere the tests are skipped with a message, and write-failure.test.ts covers the same
 * logic by injecting the failing write). A build that runs out of space reports the path in one
 * line, exits 1, leaves no staging folder and leaves the previous output as it was.
 */

const now = "2026-11-28T10:00:00Z";
let mountPoint: string;
let mounted: string | undefined;
let root: string;

beforeAll(async () => {
  mountPoint = await mkdtemp(path.join(tmpdir(), "newsdeck-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint], {
      stdio: "pipe",
    });
    mounted = mountPoint;
  } catch (error) {
    mounted = undefined;
    const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    console.warn(`disk-full tests skipped: cannot mount a tmpfs here (${reason})`);
  }
  const articles: Record<string, string> = {};
  for (let i = 0; i < 8; i++) {
    articles[`content/articles/story-${i}.md`] =
      `---\ntitle: Story ${i}\ndate: 2026-11-0${1 + (i % 9)}T08:00:00Z\nsection: news\n---\nA body.\n`;
  }
  root = await writeTree(articles);
});

afterAll(async () => {
  if (mounted) execFileSync("umount", [mounted]);
  await rm(mountPoint, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

/** Everything on the small disk besides the output folder: staging folders and locks. */
function besideOutput(): string[] {
  return readdirSync(mountPoint).filter((name) => name !== "dist");
}

describe("a full disk", { timeout: 180_000 }, () => {
  it("is one line naming the path, exit 1, no staging folder, the previous output untouched", async (context) => {
    if (!mounted) return context.skip("cannot mount a tmpfs here (needs root)");
    const outDir = path.join(mountPoint, "dist");
    const build = () => runNewsdeck(["build", "--root", root, "--out", outDir, "--now", now]);
    const first = await build();
    expect(first.code).toBe(0);
    const before = await hashOutputFiles(outDir);

    // Twice the disk's size, as one file copied from public/.
    const big = path.join(root, "public", "scan.bin");
    await mkdir(path.dirname(big), { recursive: true });
    await writeFile(big, randomBytes(2 * 1024 * 1024));
    try {
      const full = await build();
      expect(full.code).toBe(1);
      expect(full.stderr).not.toContain("crashed");
      expect(full.stderr).not.toMatch(/^\s+at /m);
      const [line] = full.stderr.split("\n");
      expect(line).toMatch(
        new RegExp(
          `^${outDir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/\\S+  could not write: no space left on device \\(ENOSPC\\) \\(hint: free some disk space, then build again\\)  \\[WriteFailed\\]$`,
        ),
      );
      expect(full.stderr).toContain("the previous output was left as it was");
      expect(besideOutput()).toEqual([]);
      expect(await hashOutputFiles(outDir)).toEqual(before);
    } finally {
      await rm(path.dirname(big), { recursive: true, force: true });
    }
  });

  it("while pages are written on threads is reported the same way", async (context) => {
    if (!mounted) return context.skip("cannot mount a tmpfs here (needs root)");
    const outDir = path.join(mountPoint, "dist");
    const before = await hashOutputFiles(outDir);
    // Past the first 200 files, generated pages are written on the pool's threads; the disk
    // (1 MB, in 4 KB pages) is full after about 250.
    const stories = Array.from({ length: 300 }, (_, i): [string, string] => [
      `content/articles/more-${i}.md`,
      `---\ntitle: More ${i}\ndate: 2026-11-10T08:00:00Z\nsection: news\n---\nShort.\n`,
    ]);
    for (const [file, text] of stories) await writeFile(path.join(root, file), text);
    try {
      const full = await runNewsdeck([
        "build",
        "--root",
        root,
        "--out",
        outDir,
        "--now",
        now,
        "--threads",
        "2",
      ]);
      expect(full.code).toBe(1);
      expect(full.stderr).not.toContain("crashed");
      expect(full.stderr.split("\n")[0]).toMatch(
        /\/dist\/\S+ {2}could not write: no space left on device \(ENOSPC\)/,
      );
      expect(besideOutput()).toEqual([]);
      expect(await hashOutputFiles(outDir)).toEqual(before);
    } finally {
      for (const [file] of stories) await rm(path.join(root, file));
    }
  });
});
