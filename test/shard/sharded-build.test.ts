import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type BuildResult, build } from "../../src/build.js";
import type { Diagnostic } from "../../src/errors/diagnostic.js";
import { mergeShards } from "../../src/shard/merge-shards.js";
import { hashOutputFiles } from "../helpers/build-site.js";
import {
  applySiteEdit,
  type RandomSite,
  randomSites,
  siteEdits,
  siteNow,
  storyFile,
  storyText,
  writeRandomSite,
} from "./random-site.js";

/** Where a problem is and what it is, to compare a sharded build's with a one-machine build's. */
function problems(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`);
}

describe("sharded builds", { timeout: 900_000 }, () => {
  const temps: string[] = [];
  afterEach(async () => {
    for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** Builds every shard of `count` into `<work>/shards/<k>`; returns their results. */
  const buildShards = async (root: string, work: string, count: number, now = siteNow) => {
    const results: BuildResult[] = [];
    for (let index = 1; index <= count; index++)
      results.push(
        await build({
          root,
          outDir: path.join(work, "shards", String(index)),
          cacheDir: path.join(work, "cache"),
          shard: { index, count },
          now,
          threads: 0,
        }),
      );
    return results;
  };
  const shardDirs = (work: string, count: number) =>
    Array.from({ length: count }, (_, k) => path.join(work, "shards", String(k + 1)));
  /** A one-machine build from nothing, into `<work>/one`. */
  const buildOnce = async (root: string, work: string, now = siteNow) => {
    await rm(path.join(work, "one"), { recursive: true, force: true });
    return build({
      root,
      outDir: path.join(work, "one"),
      cacheDir: path.join(work, "one-cache", String(Date.now())),
      now,
      threads: 0,
    });
  };
  /** Merges the shards into `<work>/merged`, and compares it with `<work>/one` file for file. */
  const expectMergedEqualsOne = async (work: string, count: number) => {
    const merged = await mergeShards({
      shards: shardDirs(work, count),
      outDir: path.join(work, "merged"),
      cwd: work,
    });
    expect(problems(merged.diagnostics)).toEqual([]);
    expect(merged.exitCode).toBe(0);
    expect(await hashOutputFiles(path.join(work, "merged"))).toEqual(
      await hashOutputFiles(path.join(work, "one")),
    );
  };

  it("merge into the files of a one-machine build, for any site and 1 to 5 shards, cold and after edits", async () => {
    await fc.assert(
      fc.asyncProperty(
        randomSites,
        fc.integer({ min: 1, max: 5 }),
        fc.array(siteEdits, { minLength: 1, maxLength: 2 }),
        async (generated, count, edits) => {
          const work = await mkdtemp(path.join(tmpdir(), "newsdeck-shards-"));
          temps.push(work);
          const root = path.join(work, "site");
          await mkdir(root);
          await writeRandomSite(root, generated);

          const one = await buildOnce(root, work);
          expect(one.exitCode).toBe(0);
          const shards = await buildShards(root, work, count);
          for (const result of shards) expect(result.exitCode).toBe(0);
          // Every warning of the one-machine build (a broken link, say) is some shard's, and no
          // shard warns of anything else.
          const warned = new Set(shards.flatMap((result) => problems(result.diagnostics)));
          expect([...warned].sort()).toEqual(problems(one.diagnostics).sort());
          await expectMergedEqualsOne(work, count);

          // Warm: each shard builds again from its own cache and folder after the edits.
          let site: RandomSite = generated;
          for (const edit of edits) site = await applySiteEdit(root, site, edit);
          const again = await buildOnce(root, work);
          expect(again.exitCode).toBe(0);
          const warm = await buildShards(root, work, count);
          for (const result of warm) expect(result.exitCode).toBe(0);
          expect([...new Set(warm.flatMap((r) => problems(r.diagnostics)))].sort()).toEqual(
            problems(again.diagnostics).sort(),
          );
          await expectMergedEqualsOne(work, count);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("refuse to merge a shard built from another commit, and write nothing", async () => {
    await fc.assert(
      fc.asyncProperty(randomSites, fc.integer({ min: 2, max: 5 }), async (generated, count) => {
        const work = await mkdtemp(path.join(tmpdir(), "newsdeck-shards-"));
        temps.push(work);
        const root = path.join(work, "site");
        await mkdir(root);
        await writeRandomSite(root, generated);
        await buildShards(root, work, count);
        const merged = path.join(work, "merged");
        expect(
          (await mergeShards({ shards: shardDirs(work, count), outDir: merged, cwd: work }))
            .exitCode,
        ).toBe(0);
        const before = await hashOutputFiles(merged);

        // The next commit edits one story; only the last shard is built from it.
        await writeFile(path.join(root, storyFile(0)), storyText(generated, 0, "next commit"));
        const late = await build({
          root,
          outDir: path.join(work, "shards", String(count)),
          cacheDir: path.join(work, "cache"),
          shard: { index: count, count },
          now: siteNow,
          threads: 0,
        });
        expect(late.exitCode).toBe(0);
        const refused = await mergeShards({
          shards: shardDirs(work, count),
          outDir: merged,
          cwd: work,
        });
        expect(refused.exitCode).toBe(1);
        expect(refused.diagnostics).toHaveLength(1);
        expect(refused.diagnostics[0]).toMatchObject({
          code: "ShardMismatch",
          file: `${path.join(work, "shards", String(count))}/.newsdeck/shard.json`,
          line: 9,
        });
        expect(refused.diagnostics[0]?.message).toMatch(/from other sources/);
        expect(await hashOutputFiles(merged)).toEqual(before);
      }),
      { numRuns: 3 },
    );
  });
});
