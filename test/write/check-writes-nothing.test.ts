import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { repoRoot, testNow } from "../helpers/build-site.js";

/**
 * `newsdeck check` runs every validation a build runs and writes nothing anywhere: no output
 * folder, no staging folder beside it, no build cache. Checked on a copy of the sample site,
 * by hashing every file (dotfiles too) and every modification time of its parent folder.
 */

let parent: string;
let root: string;

/** Every entry under `dir` with a hash of its bytes (files) and its modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = await stat(full);
    result[path.relative(dir, full)] = entry.isFile()
      ? `${mtimeMs} ${createHash("sha256")
          .update(await readFile(full))
          .digest("hex")}`
      : `${mtimeMs} dir`;
  }
  return result;
}

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "newsdeck-check-"));
  root = path.join(parent, "site");
  for (const entry of ["content", "public", "newsdeck.config.ts"]) {
    await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  }
});
afterAll(() => rm(parent, { recursive: true, force: true }));

/** Entries that appeared, changed or vanished between two snapshots. */
function changes(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}

describe("newsdeck check", () => {
  it("validates the sample site without creating a single file or folder", async () => {
    const before = await snapshot(parent);
    const result = await build({ root, now: testNow, dryRun: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.pages).toBeGreaterThan(40);
    // The sample site has search on: a check builds no index (Pagefind checks nothing of the
    // site's), though it renders the search page.
    expect(result.search).toMatchObject({ rebuiltBuckets: 0, reindexedEntries: 0 });
    // Not even the build cache or the image cache: dist/ and .newsdeck-cache/ stay absent.
    expect(changes(before, await snapshot(parent))).toEqual([]);
  }, 300_000);

  it("leaves a previous build's output and cache untouched", async () => {
    const built = await build({ root, now: testNow });
    expect(built.exitCode).toBe(0);
    expect(built.search?.rebuiltBuckets).toBeGreaterThan(0);
    const before = await snapshot(parent);
    expect(Object.keys(before)).toContain(path.join("site", "dist", "index.html"));

    // A day later, the clock moves stories between search buckets: a build would re-index them.
    const result = await build({ root, now: testNow + 86_400_000, dryRun: true });
    expect(result.exitCode).toBe(0);
    expect(result.search?.rebuiltBuckets).toBe(0);
    expect(await snapshot(parent)).toEqual(before);
  }, 300_000);

  it("reports every problem of a broken site and still writes nothing", async () => {
    const victim = path.join(root, "content/pages/about.md");
    const original = await readFile(victim, "utf8");
    await writeFile(victim, original.replace(/^title:/m, "tittle:"));
    try {
      const before = await snapshot(parent);
      const result = await build({ root, now: testNow, dryRun: true });
      expect(result.exitCode).toBe(1);
      expect(result.diagnostics.map((d) => [d.code, d.file, d.field])).toEqual([
        ["FieldUnknown", "content/pages/about.md", "tittle"],
      ]);
      expect(await snapshot(parent)).toEqual(before);
    } finally {
      await writeFile(victim, original);
    }
  });

  it("decodes a site's image and still writes nothing, not even the image cache", async () => {
    const site = await mkdtemp(path.join(tmpdir(), "newsdeck-check-image-"));
    try {
      const png = await sharp({
        create: { width: 32, height: 16, channels: 3, background: "#336699" },
      })
        .png()
        .toBuffer();
      await mkdir(path.join(site, "content/articles"), { recursive: true });
      await writeFile(path.join(site, "content/articles/photo.png"), png);
      await writeFile(
        path.join(site, "content/articles/story.md"),
        "---\ntitle: A story\ndate: 2026-05-26\nsection: news\nimage:\n  src: ./photo.png\n  alt: A blue box\n---\nBody.\n",
      );
      const before = await snapshot(site);
      const result = await build({ root: site, now: testNow, dryRun: true });
      expect(result.exitCode).toBe(0);
      expect(changes(before, await snapshot(site))).toEqual([]);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});
