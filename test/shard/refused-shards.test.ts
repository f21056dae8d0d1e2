import { existsSync } from "node:fs";
import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../../src/build.js";
import { mergeShards } from "../../src/shard/merge-shards.js";
import { shardManifestPath } from "../../src/shard/shard-manifest-file.js";
import { commitMarker } from "../../src/write/output-writer.js";
import { article, hashOutputFiles, writeTree } from "../helpers/build-site.js";

const now = Date.parse("2026-11-28T10:00:00Z");
const count = 3;

/** A site of a dozen stories whose bodies are at most 400 bytes (`limits.body.bytes`). */
function smallSite(): Record<string, string> {
  const tree: Record<string, string> = {
    "newsdeck.config.mjs":
      'export default { feeds: { content: "summary" }, limits: { body: { bytes: 400 } } };\n',
  };
  for (let i = 1; i <= 12; i++)
    tree[`content/articles/story-${i}.md`] = article(
      { title: `Story ${i}`, date: `2026-11-${String(i + 10)}T08:00:00Z`, section: "news" },
      `Story ${i} in a few words.`,
    );
  return tree;
}

describe("merging shards that are not one finished build", { timeout: 300_000 }, () => {
  const temps: string[] = [];
  afterEach(async () => {
    for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** A site, its shards built, and a merged output of them. */
  const setUp = async () => {
    const root = await writeTree(smallSite());
    temps.push(root);
    const shards = Array.from({ length: count }, (_, k) => path.join(root, "shards", `${k + 1}`));
    const buildShard = (index: number): Promise<BuildResult> =>
      build({
        root,
        outDir: shards[index - 1],
        shard: { index, count },
        now,
        threads: 0,
      });
    for (let index = 1; index <= count; index++) expect((await buildShard(index)).exitCode).toBe(0);
    const outDir = path.join(root, "dist");
    const merge = () => mergeShards({ shards, outDir, cwd: root });
    expect((await merge()).exitCode).toBe(0);
    return { root, shards, buildShard, merge, outDir, merged: await hashOutputFiles(outDir) };
  };

  it("refuses the folder of a shard whose build failed, and writes nothing", async () => {
    const { root, shards, buildShard, merge, outDir, merged } = await setUp();
    // Story 5's body grows over the limit: only the shard that renders it fails.
    await appendFile(path.join(root, "content/articles/story-5.md"), "word ".repeat(100));
    const results = [];
    for (let index = 1; index <= count; index++) results.push(await buildShard(index));
    const failed = results.findIndex((result) => result.exitCode !== 0);
    expect(results.filter((result) => result.exitCode !== 0)).toHaveLength(1);
    expect(results[failed]?.diagnostics.map((d) => d.code)).toContain("MarkdownTooLarge");
    // Its previous files are still there, but not its shard manifest.
    expect(existsSync(path.join(shards[failed] as string, ".newsdeck/manifest.json"))).toBe(true);
    expect(existsSync(path.join(shards[failed] as string, shardManifestPath))).toBe(false);

    const refused = await merge();
    expect(refused.exitCode).toBe(1);
    expect(refused.diagnostics).toHaveLength(1);
    expect(refused.diagnostics[0]).toMatchObject({
      code: "ShardInvalid",
      file: path.join(shards[failed] as string, shardManifestPath),
    });
    expect(refused.diagnostics[0]?.message).toMatch(/is not a finished shard/);
    expect(await hashOutputFiles(outDir)).toEqual(merged);
  });

  it("refuses a shard whose commit was cut short", async () => {
    const { shards, merge, outDir, merged } = await setUp();
    await writeFile(path.join(shards[1] as string, commitMarker), "");
    const refused = await merge();
    expect(refused.exitCode).toBe(1);
    expect(refused.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "ShardInvalid",
        `${shards[1]} is not a finished shard: its build was cut short while writing`,
      ],
    ]);
    expect(await hashOutputFiles(outDir)).toEqual(merged);
  });

  it("refuses a shard whose files changed or went after its build, naming the file", async () => {
    const { shards, merge, outDir, merged } = await setUp();
    const shard = shards.find((dir) => existsSync(path.join(dir, "feed.xml"))) as string;
    const feed = path.join(shard, "feed.xml");
    const text = await readFile(feed, "utf8");
    await writeFile(feed, text.replace("Story", "Stori"));
    let refused = await merge();
    expect(refused.exitCode).toBe(1);
    expect(refused.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      [
        "ShardInvalid",
        `${shard}/feed.xml`,
        "feed.xml, which this shard wrote, has changed since the shard was built",
      ],
    ]);
    await rm(feed);
    refused = await merge();
    expect(refused.diagnostics.map((d) => d.message)).toEqual([
      "feed.xml, which this shard wrote, is missing",
    ]);
    await appendFile(path.join(shard, ".newsdeck/manifest.json"), " ");
    refused = await merge();
    expect(refused.diagnostics.map((d) => d.message)).toEqual([
      "the file list .newsdeck/manifest.json is missing or is not the one this shard's build wrote",
    ]);
    expect(await hashOutputFiles(outDir)).toEqual(merged);
  });

  it("refuses missing, doubled and mixed shards with a located line each", async () => {
    const { root, shards, outDir, merged } = await setUp();
    const [first, second, third] = shards as [string, string, string];
    const merge = (folders: string[]) => mergeShards({ shards: folders, outDir, cwd: root });

    const missing = await merge([first, third]);
    expect(missing.exitCode).toBe(1);
    expect(missing.diagnostics).toMatchObject([
      { code: "ShardMissing", file: `${first}/${shardManifestPath}`, line: 4, column: 3 },
    ]);
    expect(missing.diagnostics[0]?.message).toBe(
      "shard 2/3 of this build was not given (2 of 3 were)",
    );

    const doubled = await merge([first, second, third, second]);
    expect(doubled.diagnostics).toMatchObject([
      { code: "ShardDuplicate", file: `${second}/${shardManifestPath}`, line: 4 },
    ]);

    // Another build time, another engine, another shard count.
    const later = path.join(root, "later");
    expect(
      (
        await build({
          root,
          outDir: later,
          shard: { index: 2, count },
          now: now + 60_000,
          threads: 0,
        })
      ).exitCode,
    ).toBe(0);
    const otherTime = await merge([first, later, third]);
    expect(otherTime.diagnostics).toMatchObject([
      { code: "ShardMismatch", file: `${later}/${shardManifestPath}`, line: 8, column: 3 },
    ]);
    expect(otherTime.diagnostics[0]?.message).toMatch(
      /planned for another build time \(--now 2026-11-28T10:01:00\.000Z, not 2026-11-28T10:00:00\.000Z\)/,
    );
    const manifest = path.join(later, shardManifestPath);
    const text = await readFile(manifest, "utf8");
    await writeFile(manifest, text.replace(/"engine": "[^"]*"/, '"engine": "0.0.1+cache.1"'));
    const otherEngine = await merge([first, later, third]);
    expect(otherEngine.diagnostics).toMatchObject([{ code: "ShardMismatch", line: 3 }]);
    expect(otherEngine.diagnostics[0]?.message).toMatch(/built by Newsdeck 0\.0\.1\+cache\.1/);

    const halves = path.join(root, "halves");
    expect(
      (await build({ root, outDir: halves, shard: { index: 2, count: 2 }, now, threads: 0 }))
        .exitCode,
    ).toBe(0);
    const otherCount = await merge([first, halves, third]);
    expect(otherCount.diagnostics).toMatchObject([{ code: "ShardMismatch", line: 4 }]);
    expect(otherCount.diagnostics[0]?.message).toMatch(/a build in 2 shards/);
    expect(await hashOutputFiles(outDir)).toEqual(merged);
  });
});

describe("a shard's link warnings", { timeout: 300_000 }, () => {
  it("name a link to a page another shard stopped making", async () => {
    const tree = smallSite();
    for (let i = 1; i <= 11; i++)
      tree[`content/articles/story-${i}.md`] = article(
        { title: `Story ${i}`, date: `2026-11-${String(i + 10)}T08:00:00Z`, section: "news" },
        "See [the last story](/news/2026/11/22/story-12/).",
      );
    const root = await writeTree(tree);
    try {
      const buildAll = async () => {
        const results: BuildResult[] = [];
        for (let index = 1; index <= count; index++)
          results.push(
            await build({
              root,
              outDir: path.join(root, "shards", String(index)),
              shard: { index, count },
              now,
              threads: 0,
            }),
          );
        return results;
      };
      const warned = (results: readonly BuildResult[]) =>
        results
          .flatMap((result) => result.diagnostics)
          .filter((d) => d.code === "LinkBroken")
          .map((d) => d.file)
          .sort();
      expect(warned(await buildAll())).toEqual([]);
      await rm(path.join(root, "content/articles/story-12.md"));
      const files = Array.from({ length: 11 }, (_, i) => `content/articles/story-${i + 1}.md`);
      expect(warned(await buildAll())).toEqual(files.sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
