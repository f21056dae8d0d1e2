import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../../src/build.js";
import { hashBytes } from "../../src/cache/hash.js";
import { mergeShards } from "../../src/shard/merge-shards.js";
import { article, hashOutputFiles, writeTree } from "../helpers/build-site.js";

const now = Date.parse("2026-11-28T10:00:00Z");
const count = 3;

/** Story `i` of the site, with `extra` words at the end of its body. */
function story(i: number, extra = ""): string {
  return article(
    {
      title: `Story ${i}`,
      date: `2026-11-${String(i + 2).padStart(2, "0")}T08:00:00Z`,
      section: i % 2 ? "news" : "sport",
      tags: [i % 3 ? "Water" : "Rail"],
    },
    `The first paragraph of story ${i}.\n\nA second paragraph, with more words in it.${extra}`,
  );
}

/** Files no shard writes: the merge makes them from every shard's part. */
const mergeWrites = new Set(["_headers", "pagefind/newsdeck-buckets.json"]);

/** Output paths a build wrote with new bytes, but for the build's files and the merge's. */
function written(result: BuildResult): string[] {
  return [...(result.changes?.changed.keys() ?? [])].filter(
    (p) => !p.startsWith(".newsdeck/") && !mergeWrites.has(p),
  );
}

describe("a warm sharded build", { timeout: 300_000 }, () => {
  let root: string;
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("renders, in the shards together, only what the one-machine build renders after an edit", async () => {
    const tree: Record<string, string> = {
      "newsdeck.config.mjs": 'export default { feeds: { content: "full", items: 5 } };\n',
    };
    for (let i = 1; i <= 18; i++) tree[`content/articles/story-${i}.md`] = story(i);
    root = await writeTree(tree);
    const shardDir = (index: number) => path.join(root, "shards", String(index));
    const buildShard = (index: number) =>
      build({ root, outDir: shardDir(index), shard: { index, count }, now, threads: 0 });
    const buildOne = () => build({ root, outDir: path.join(root, "one"), now, threads: 0 });

    const oneCold = await buildOne();
    expect(oneCold.exitCode).toBe(0);
    const cold: BuildResult[] = [];
    for (let index = 1; index <= count; index++) cold.push(await buildShard(index));
    for (const result of cold) expect(result.exitCode).toBe(0);
    // Cold, every shard writes a part of the site, and the parts are the whole site.
    for (const result of cold) {
      expect(written(result).length).toBeGreaterThan(0);
      expect(written(result).length).toBeLessThan(written(oneCold).length);
    }
    expect(cold.flatMap(written).sort()).toEqual(written(oneCold).sort());

    // One edit to an old story's body: its page (and nothing it is listed on, as the summary
    // is its first paragraph) plus the full-text feeds it is in, if any.
    await writeFile(path.join(root, "content/articles/story-2.md"), story(2, " Corrected."));
    const one = await buildOne();
    expect(one.exitCode).toBe(0);
    const warm: BuildResult[] = [];
    for (let index = 1; index <= count; index++) warm.push(await buildShard(index));
    for (const result of warm) expect(result.exitCode).toBe(0);

    const byShards = warm.flatMap(written);
    // Each file is some one shard's, and together they are what the one-machine build wrote.
    expect(new Set(byShards).size).toBe(byShards.length);
    expect(byShards.sort()).toEqual(written(one).sort());
    expect(byShards).toContain("sport/2026/11/04/story-2/index.html");
    // Shards whose part the edit does not reach render nothing.
    expect(warm.filter((result) => written(result).length === 0).length).toBeGreaterThan(0);
    // Nor do the shards render more than the one machine did (which also made the bucket list).
    const rendered = warm.reduce((sum, result) => sum + result.rendered, 0);
    expect(rendered).toBeGreaterThanOrEqual(byShards.length);
    expect(rendered).toBeLessThan(one.rendered);

    const merged = await mergeShards({
      shards: [1, 2, 3].map(shardDir),
      outDir: path.join(root, "dist"),
      cwd: root,
    });
    expect(merged.exitCode).toBe(0);
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(
      await hashOutputFiles(path.join(root, "one")),
    );
  });

  it("keeps its validated config in its own build cache, and reuses it", async () => {
    const site = await writeTree({
      "newsdeck.config.mjs": 'export default { site: { title: "The Shard Ledger" } };\n',
      "content/articles/a.md": story(1),
    });
    try {
      const shardBuild = () =>
        build({ root: site, outDir: path.join(site, "out"), shard: { index: 1, count: 2 }, now });
      expect((await shardBuild()).exitCode).toBe(0);
      const own = path.join(site, ".newsdeck-cache", "shard-1-of-2", "state", "config.json");
      expect(existsSync(path.join(site, ".newsdeck-cache", "state", "config.json"))).toBe(false);
      const kept = JSON.parse(await readFile(own, "utf8")) as {
        config: { site: { title: string } };
      };
      expect(kept.config.site.title).toBe("The Shard Ledger");
      // Proof of reuse: the kept config, altered under the same key (and checksum), is what the
      // next build has.
      kept.config.site.title = "Kept, not validated again";
      await writeFile(
        own,
        JSON.stringify({ ...kept, sha256: hashBytes(JSON.stringify(kept.config)) }),
      );
      expect((await shardBuild()).config?.site.title).toBe("Kept, not validated again");
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});
