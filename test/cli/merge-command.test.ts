import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, hashOutputFiles, writeTree } from "../helpers/build-site.js";
import { runNewsdeck } from "../helpers/newsdeck-process.js";

const now = "2026-11-28T10:00:00Z";

describe("newsdeck build --shard and newsdeck merge", { timeout: 300_000 }, () => {
  let root: string;
  const shard = (k: number) => path.join(root, "dist-shards", `${k}-of-2`);

  beforeAll(async () => {
    root = await writeTree({
      "content/articles/a.md": article({
        title: "Ferry fares rise",
        date: "2026-11-02",
        section: "city",
      }),
      "content/articles/b.md": article({
        title: "Rain at last",
        date: "2026-11-03",
        section: "city",
      }),
      "content/articles/c.md": article({
        title: "Derby drawn",
        date: "2026-11-04",
        section: "sport",
      }),
    });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("build each shard into dist-shards/K-of-N and merge them into the output folder", async () => {
    for (const k of [1, 2]) {
      const run = await runNewsdeck(["build", "--root", root, "--shard", `${k}/2`, "--now", now]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^✓ built shard ${k}/2: \\d+ pages`));
    }
    const merged = await runNewsdeck([
      "merge",
      shard(1),
      shard(2),
      "--out",
      path.join(root, "dist"),
    ]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(
      /^✓ merged 2 shards \(build time 2026-11-28T10:00:00\.000Z\): \d+ files/,
    );

    const one = await runNewsdeck([
      "build",
      "--root",
      root,
      "--now",
      now,
      "--out",
      path.join(root, "one"),
    ]);
    expect(one.code).toBe(0);
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(
      await hashOutputFiles(path.join(root, "one")),
    );
  });

  it("refuse a missing shard with one located line, exit 1, and leave the output as it was", async () => {
    const before = await hashOutputFiles(path.join(root, "dist"));
    const run = await runNewsdeck(["merge", shard(2), "--out", path.join(root, "dist")]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toBe(
      `${shard(2)}/.newsdeck/shard.json:4:3  shard 1/2 of this build was not given (1 of 2 were) (hint: pass the folder of every shard: newsdeck merge <shard 1> <shard 2>)  [ShardMissing]`,
    );
    expect(lines.slice(1)).toEqual(["1 error, 0 warnings", "✗ merge refused; nothing was written"]);
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(before);
  });

  it("refuse a shard without --now, a shard that is not one, and a merge of nothing (exit 2)", async () => {
    const noNow = await runNewsdeck(["build", "--root", root, "--shard", "1/2"]);
    expect(noNow.code).toBe(2);
    expect(noNow.stderr).toMatch(
      /^--shard needs --now: every shard of a build must use the same build time/,
    );
    const outside = await runNewsdeck(["build", "--root", root, "--shard", "3/2", "--now", now]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^--shard "3\/2" is not a shard of a build \(hint: --shard K\/N/,
    );
    const nothing = await runNewsdeck(["merge"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^merge needs the shards' folders/);
  });

  it("leave nothing a merge accepts when a shard's first build fails, and merge refuses it", async () => {
    const broken = await writeTree({
      "content/articles/a.md": article({
        title: "Ferry fares rise",
        date: "2026-11-02",
        section: "city",
      }),
      "content/articles/b.md": article({
        tittle: "Rain at last",
        date: "2026-11-03",
        section: "city",
      }),
    });
    try {
      // Every shard validates every source, so each fails alike, and none leaves a folder.
      for (const k of [1, 2]) {
        const built = await runNewsdeck([
          "build",
          "--root",
          broken,
          "--shard",
          `${k}/2`,
          "--now",
          now,
        ]);
        expect(built.code).toBe(1);
        expect(built.stderr).toMatch(/content\/articles\/b\.md:2:1 .*tittle.*\[FieldUnknown\]/);
        expect(existsSync(path.join(broken, "dist-shards", `${k}-of-2`))).toBe(false);
      }
      const folder = path.join(broken, "dist-shards", "1-of-2");
      const merged = await runNewsdeck([
        "merge",
        folder,
        path.join(broken, "dist-shards", "2-of-2"),
        "--out",
        path.join(broken, "dist"),
      ]);
      expect(merged.code).toBe(1);
      expect(merged.stderr.trim().split("\n")).toEqual([
        `${folder}  ${folder} is not a folder (hint: pass the folders the shards were built into)  [ShardInvalid]`,
        `${path.join(broken, "dist-shards", "2-of-2")}  ${path.join(broken, "dist-shards", "2-of-2")} is not a folder (hint: pass the folders the shards were built into)  [ShardInvalid]`,
        "2 errors, 0 warnings",
        "✗ merge refused; nothing was written",
      ]);
      expect(existsSync(path.join(broken, "dist"))).toBe(false);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
