import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BuildSession, build } from "../../src/build.js";
import { recordLine, type SourceRecord } from "../../src/cache/record-store.js";
import { testNow, writeTree } from "../helpers/build-site.js";

const stateFile = (root: string) => path.join(root, ".newsdeck-cache", "state", "build.tsv");
const recordsDir = (root: string) => path.join(root, ".newsdeck-cache", "records");
const chunksDir = (root: string) => path.join(root, ".newsdeck-cache", "state", "build.chunks");

/** Rewrites every stored record with `edit`, as valid record lines (checksums made anew). */
async function rewriteRecords(root: string, edit: (line: string) => string): Promise<void> {
  for (const name of await readdir(recordsDir(root))) {
    const file = path.join(recordsDir(root), name);
    const [head, ...lines] = (await readFile(file, "utf8")).split("\n");
    const signed = lines.map((line) => {
      if (line === "") return line;
      const [source, key, record] = JSON.parse(edit(line)) as [string, string, SourceRecord];
      return recordLine(source, key, record);
    });
    await writeFile(file, [head, ...signed].join("\n"));
  }
}

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

function site(extra: Record<string, string | Uint8Array> = {}) {
  return writeTree({
    "newsdeck.config.mjs": `export default { site: { title: "T", url: "https://example.org" }, sections: { news: { title: "News" } } };\n`,
    "content/articles/water.md": `---\ntitle: "Water rates rise"\ndate: 2026-11-20T08:00:00Z\nsection: news\nimage:\n  src: /images/tap.png\n  alt: "A tap"\n---\nThe council voted.\n`,
    "public/images/tap.png": png,
    ...extra,
  });
}

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function newSite(extra?: Record<string, string | Uint8Array>): Promise<string> {
  const root = await site(extra);
  roots.push(root);
  return root;
}

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

const run = (root: string, extra: { session?: BuildSession; dryRun?: boolean } = {}) =>
  build({ root, now: testNow, threads: 0, ...extra });

describe("the build state and the validated records", { timeout: 120_000 }, () => {
  it("take a file's validated front matter from the store while its bytes are unchanged", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    // A valid record with another title shows that the next build took it from the store: a
    // change to a partial article pages use renders them again, from the stored records.
    await rewriteRecords(root, (line) => line.replace("Water rates rise", "Taken from the cache"));
    await mkdir(path.join(root, "templates", "partials"), { recursive: true });
    await writeFile(path.join(root, "templates", "partials", "comments.eta"), "<p>Comments</p>\n");
    expect((await run(root)).exitCode).toBe(0);
    const articlePage = path.join(root, "dist", "news", "2026", "11", "20", "water", "index.html");
    expect(await readFile(articlePage, "utf8")).toContain("Taken from the cache");

    // Front matter that changed is validated again (a body edit keeps the stored front matter).
    const file = path.join(root, "content", "articles", "water.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("rates rise", "rates rise again"));
    expect((await run(root)).exitCode).toBe(0);
    const after = await readFile(articlePage, "utf8");
    expect(after).toContain("Water rates rise again");
    expect(after).not.toContain("Taken from the cache");
  });

  it("are never taken from a chunk cut short or changed in place: the build validates again", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    const articlePage = path.join(root, "dist", "news", "2026", "11", "20", "water", "index.html");
    const [chunk = ""] = await readdir(recordsDir(root));
    const file = path.join(recordsDir(root), chunk);
    const stored = await readFile(file, "utf8");
    let version = 0;
    for (const damaged of [
      stored.replace("Water rates rise", "Changed in place"),
      stored.slice(0, stored.lastIndexOf('"title"')),
    ]) {
      await writeFile(file, damaged);
      // A partial every article page uses changes: the pages render again, from the records.
      await mkdir(path.join(root, "templates", "partials"), { recursive: true });
      await writeFile(
        path.join(root, "templates", "partials", "comments.eta"),
        `<p>Comments, version ${++version}</p>\n`,
      );
      const result = await run(root);
      expect(result.exitCode).toBe(0);
      const page = await readFile(articlePage, "utf8");
      expect(page).toContain(`Comments, version ${version}`);
      expect(page).toContain("<title>Water rates rise | T</title>");
      expect(page).not.toContain("Changed in place");
      // The chunk is whole again.
      expect(await readFile(file, "utf8")).toBe(stored);
    }
  });

  it("validate again when an image a file names has gone, or become a link out of the site", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    const image = path.join(root, "public", "images", "tap.png");
    await rm(image);
    const missing = await run(root);
    expect(missing.exitCode).toBe(1);
    expect(missing.diagnostics.map((d) => [d.code, d.file])).toContainEqual([
      "ImageNotFound",
      "content/articles/water.md",
    ]);

    const outside = path.join(await newSite(), "outside.png");
    await writeFile(outside, png);
    await symlink(outside, image);
    const linked = await run(root);
    expect(linked.exitCode).toBe(1);
    expect(linked.diagnostics.map((d) => d.code)).toContain("PathUnsafe");

    await rm(image);
    await writeFile(image, png);
    expect((await run(root)).exitCode).toBe(0);
  });

  it("validate again when the config changes what validation reads", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    await writeFile(
      path.join(root, "newsdeck.config.mjs"),
      `export default { site: { title: "T", url: "https://example.org" }, sections: { sport: { title: "Sport" } } };\n`,
    );
    const result = await run(root);
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toContainEqual([
      "SectionUnknown",
      "content/articles/water.md",
    ]);
  });

  it("keep a file's diagnostics: a failure is reported again, with its location", async () => {
    const root = await newSite({
      "content/articles/broken.md": `---\ntitle: "No date"\nsection: news\n---\nText.\n`,
    });
    const first = await run(root);
    const second = await run(root);
    expect(first.exitCode).toBe(1);
    expect(second.exitCode).toBe(1);
    const located = (r: typeof first) =>
      r.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]);
    expect(located(second)).toEqual(located(first));
    expect(located(second).length).toBeGreaterThan(0);
  });

  it("ignore a truncated, edited or foreign state with a warning, and build the same pages", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    const expected = await readFile(path.join(root, "dist", "index.html"), "utf8");
    const text = await readFile(stateFile(root), "utf8");

    for (const damaged of [
      text.slice(0, text.length - 20),
      text.replace("content/articles/water.md", "content/articles/other.md"),
      text.replace(/"engine":"[^"]+"/, '"engine":"0.0.1+cache.0"'),
    ]) {
      await writeFile(stateFile(root), damaged);
      const result = await run(root);
      expect(result.exitCode).toBe(0);
      const notices = result.diagnostics.filter((d) => d.code === "CacheIgnored");
      expect(notices).toHaveLength(1);
      expect(notices[0]?.message).toMatch(/state/);
      expect(await readFile(path.join(root, "dist", "index.html"), "utf8")).toBe(expected);
      // The build replaced it with a good one.
      expect((await run(root)).diagnostics.map((d) => d.code)).not.toContain("CacheIgnored");
    }
  });

  it("are read from the one-file state of the Newsdeck before chunks, and saved in chunks", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    // The same state as one file of tables (format 2), as the release before chunks wrote it.
    const head = await readFile(stateFile(root), "utf8");
    const [first = "", ...lines] = head.split("\n");
    const header = JSON.parse(first.slice("newsdeck-state ".length)) as Record<string, unknown>;
    const parts: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const table = /^@(\w+) (\d+) (\d+)$/.exec(lines[i] as string);
      if (!table) continue;
      parts.push(`@${table[1]} ${table[2]}\n`);
      for (const chunk of lines.slice(i + 1, i + 1 + Number(table[3]))) {
        const hash = chunk.slice(0, 40);
        parts.push(await readFile(path.join(chunksDir(root), `${hash}.tsv`), "utf8"));
      }
    }
    const tables = lines.filter((line) => /^@\w+ \d+ \d+$/.test(line)).length;
    parts.push(`@end ${tables}\n`);
    const rest = parts.join("");
    const checksum = createHash("sha1").update(rest).digest("hex");
    const older = JSON.stringify({ ...header, format: 2, checksum });
    await writeFile(stateFile(root), `newsdeck-state ${older}\n${rest}`);
    await rm(chunksDir(root), { recursive: true });

    const article = path.join(root, "content", "articles", "water.md");
    await writeFile(article, (await readFile(article, "utf8")).replace("voted.", "voted again."));
    const upgraded = await run(root);
    expect(upgraded.exitCode).toBe(0);
    expect(upgraded.diagnostics.map((d) => d.code)).not.toContain("CacheIgnored");
    expect(upgraded.sources?.read).toBe(1);
    expect(upgraded.changes?.replaced).toBe(false);
    // Saved as a head and chunks, which the next build reads.
    expect((await readFile(stateFile(root), "utf8")).split("\n")[0]).toContain('"format":3');
    expect((await readdir(chunksDir(root))).length).toBeGreaterThan(5);
    const again = await run(root);
    // At most the story just edited is read again (its times are too recent to vouch for it).
    expect(again.sources?.read).toBeLessThanOrEqual(1);
    expect(again.diagnostics.map((d) => d.code)).not.toContain("CacheIgnored");
    expect(again.rendered).toBe(0);
  });

  it("leave nothing of a save a killed build began: its temporary files go with the next save", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    const [chunk] = await readdir(recordsDir(root));
    const dead = await deadPid();
    const uuid = "0f0e0d0c-0b0a-4908-8706-050403020100";
    const [stateChunk] = await readdir(chunksDir(root));
    const left = [
      `${stateFile(root)}.${dead}-${uuid}.tmp`,
      path.join(chunksDir(root), `${stateChunk}.${dead}-${uuid}.tmp`),
      path.join(recordsDir(root), `${chunk}.${dead}-${uuid}.tmp`),
    ];
    // A live process's (this one stands for a build still saving) stays.
    const live = `${stateFile(root)}.${process.pid}-${uuid}.tmp`;
    for (const file of [...left, live]) await writeFile(file, "half a save");
    const article = path.join(root, "content", "articles", "water.md");
    await writeFile(article, (await readFile(article, "utf8")).replace("rates rise", "rates fall"));
    expect((await run(root)).exitCode).toBe(0);
    expect(left.filter(existsSync)).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });

  it("are not written by a check, which writes nothing into the site", async () => {
    const root = await newSite();
    const result = await run(root, { dryRun: true });
    expect(result.exitCode).toBe(0);
    expect(existsSync(path.join(root, ".newsdeck-cache"))).toBe(false);
  });

  it("are replaced only by a build that succeeds, and a failed one leaves no staging file", async () => {
    const root = await newSite();
    expect((await run(root)).exitCode).toBe(0);
    const before = await readFile(stateFile(root), "utf8");
    // The article changes (its new record is made while loading), then a template fails.
    const article = path.join(root, "content", "articles", "water.md");
    await writeFile(article, (await readFile(article, "utf8")).replace("rates rise", "rates fall"));
    await mkdir(path.join(root, "templates", "layouts"), { recursive: true });
    await writeFile(
      path.join(root, "templates", "layouts", "article.eta"),
      "<%= it.nope.deeper %>",
    );
    const failed = await run(root);
    expect(failed.exitCode).toBe(1);
    expect(failed.diagnostics.map((d) => d.code)).toContain("TemplateError");
    expect(await readFile(stateFile(root), "utf8")).toBe(before);
    expect(await readdir(path.dirname(stateFile(root)))).not.toContainEqual(
      expect.stringMatching(/\.tmp$/),
    );
    await rm(path.join(root, "templates"), { recursive: true });
    expect((await run(root)).exitCode).toBe(0);
    expect(await readFile(stateFile(root), "utf8")).not.toBe(before);
    expect(await readFile(path.join(root, "dist", "index.html"), "utf8")).toContain(
      "Water rates fall",
    );
  });

  it("are kept in memory by a session, which sees edits, new files and deletions", async () => {
    const root = await newSite();
    const session = new BuildSession();
    expect((await run(root, { session })).exitCode).toBe(0);
    const extra = path.join(root, "content", "articles", "more", "roads.md");
    await mkdir(path.dirname(extra), { recursive: true });
    await writeFile(
      extra,
      `---\ntitle: "Roads reopen"\ndate: 2026-11-21T08:00:00Z\nsection: news\n---\nTraffic flows.\n`,
    );
    const added = await run(root, { session });
    expect(added.site?.articles.map((a) => a.title)).toEqual(["Roads reopen", "Water rates rise"]);
    await rm(path.join(root, "content", "articles", "water.md"));
    const removed = await run(root, { session });
    expect(removed.site?.articles.map((a) => a.title)).toEqual(["Roads reopen"]);
    // What the session wrote is what a fresh process reads.
    const fresh = await run(root);
    expect(fresh.site?.articles.map((a) => a.title)).toEqual(["Roads reopen"]);
    expect(fresh.diagnostics.map((d) => d.code)).not.toContain("CacheIgnored");
  });
});
