import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { build } from "../../src/build.js";
import { main } from "../../src/cli/main.js";
import {
  article,
  type BuiltSite,
  buildSite,
  openBuiltSite,
  testNow,
} from "../helpers/build-site.js";

interface DiffJson {
  added: { path: string; url: string; cache: string; cacheControl: string }[];
  changed: { path: string; url: string; cache: string; cacheControl: string }[];
  removed: { path: string; url: string }[];
  purge: string[];
  purgeAll: boolean;
}

/** Runs the CLI in-process and returns its exit code and what it printed. */
async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The search index's files: compressed, so no raw search finds a story's URL in them. */
const inIndex = (outputPath: string) => outputPath.startsWith("pagefind/");

const newStory = {
  file: "content/articles/2026/11/ferry-timetable.md",
  page: "news/2026/11/28/ferry-timetable/index.html",
  url: "/news/2026/11/28/ferry-timetable/",
  source: article(
    {
      title: "Ferry timetable cut for the winter",
      date: "2026-11-28T07:45:00+00:00",
      section: "news",
      tags: ["Infrastructure"],
      authors: ["Rhian Baptiste"],
    },
    "The estuary ferry will run hourly from December, the operator said.",
  ),
};

describe("the deploy manifest", () => {
  let site: BuiltSite;
  let manifest: {
    version: number;
    baseUrl: string;
    files: Record<string, { sha256: string; size: number; cache: string }>;
  };

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    manifest = JSON.parse(await site.read(".newsdeck/manifest.json"));
  });
  afterAll(() => site.cleanup());

  it("lists every output file but itself, sorted, with its SHA-256 and size", async () => {
    const onDisk = (await site.files()).filter((f) => f !== ".newsdeck/manifest.json");
    const listed = Object.keys(manifest.files);
    expect(listed).toEqual([...onDisk].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const file of onDisk) {
      const bytes = await readFile(path.join(site.outDir, file));
      expect(manifest.files[file], file).toMatchObject({
        sha256: createHash("sha256").update(bytes).digest("hex"),
        size: bytes.byteLength,
      });
    }
    expect(manifest.baseUrl).toBe("https://post.example.com");
    const stylesheet = listed.find((f) => f.startsWith("assets/style.")) ?? "";
    expect(manifest.files[stylesheet]?.cache).toBe("immutable");
    expect(manifest.files["images/masthead.png"]?.cache).toBe("revalidate");
  });

  it("covers every other file the build reports having written", () => {
    const written = [...site.result.files.keys()].filter((f) => f !== ".newsdeck/manifest.json");
    expect(Object.keys(manifest.files)).toEqual(written);
    for (const file of written) {
      expect(manifest.files[file]?.sha256).toBe(site.result.files.get(file)?.hash);
    }
  });
});

describe("newsdeck diff between two builds", () => {
  let site: BuiltSite;
  let first: string;
  let same: string;
  let withStory: BuiltSite;

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    first = path.join(site.outDir, ".newsdeck/manifest.json");

    // The same input at the same --now, built again.
    const againDir = path.join(site.root, "dist-again");
    expect((await build({ root: site.root, outDir: againDir, now: testNow })).exitCode).toBe(0);
    same = path.join(againDir, ".newsdeck/manifest.json");

    // One more article, same --now.
    await writeFile(path.join(site.root, newStory.file), newStory.source);
    const storyDir = path.join(site.root, "dist-story");
    const result = await build({ root: site.root, outDir: storyDir, now: testNow });
    expect(result.exitCode).toBe(0);
    withStory = openBuiltSite(site.root, storyDir, result);
  });
  afterAll(() => site.cleanup());

  it("finds nothing to upload or purge between two builds of the same input", async () => {
    expect(await readFile(same, "utf8")).toBe(await readFile(first, "utf8"));
    const { code, stdout } = await runCli(["diff", first, same, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      added: [],
      changed: [],
      removed: [],
      purge: [],
      purgeAll: false,
    });
  });

  it("lists the new article's page as added, and as changed exactly the pages, feeds and sitemaps that list it", async () => {
    const second = path.join(withStory.outDir, ".newsdeck/manifest.json");
    const { code, stdout } = await runCli(["diff", first, second, "--json"]);
    expect(code).toBe(0);
    const diff: DiffJson = JSON.parse(stdout);

    // The search index is compressed, so it is checked on its own below.
    const pages = <T extends { path: string }>(files: T[]) => files.filter((f) => !inIndex(f.path));
    expect(pages(diff.added).map((a) => a.path)).toEqual([newStory.page]);
    expect(pages(diff.added)[0]).toMatchObject({ url: newStory.url, cache: "revalidate" });
    expect(pages(diff.removed)).toEqual([]);
    // Only the new story's bucket of the search index changed (its day's: it is from the build's
    // own day), and the list of the buckets.
    const index = [...diff.added, ...diff.changed, ...diff.removed]
      .map((f) => f.path)
      .filter(inIndex);
    expect(index.length).toBeGreaterThan(1);
    for (const file of index) {
      expect(
        file.startsWith("pagefind/2026-11-28/") || file === "pagefind/newsdeck-buckets.json",
        file,
      ).toBe(true);
    }

    // Whatever mentions the new story changed, and nothing else did.
    const mentioning: string[] = [];
    for (const file of await withStory.files()) {
      if (file === newStory.page || file === ".newsdeck/manifest.json" || inIndex(file)) continue;
      if ((await withStory.read(file)).includes(newStory.url)) mentioning.push(file);
    }
    const changed = pages(diff.changed).map((c) => c.path);
    expect(changed).toEqual(mentioning);
    for (const listing of [
      "index.html",
      "news/index.html",
      "tag/infrastructure/index.html",
      "author/rhian-baptiste/index.html",
      "feed.xml",
      "atom.xml",
      "feed.json",
      "news/feed.xml",
      "tag/infrastructure/feed.xml",
      "sitemap.xml",
    ]) {
      expect(changed).toContain(listing);
    }
    for (const untouched of [
      "sport/index.html",
      "tag/rowing/index.html",
      "about/index.html",
      "_headers",
    ]) {
      expect(changed).not.toContain(untouched);
    }
    // The schedule (when the next embargo lifts) is kept in the build cache, not deployed.
    expect(
      Object.keys(JSON.parse(await withStory.read(".newsdeck/manifest.json")).files),
    ).not.toContain(".newsdeck/schedule.json");
    expect(changed.filter((p) => p.startsWith(".newsdeck/"))).toEqual([]);
    expect(diff.changed.every((c) => !c.path.startsWith("assets/"))).toBe(true);
    expect(diff.purge).toContain(`https://post.example.com${newStory.url}`);
    expect(diff.purge).toContain("https://post.example.com/");
    expect(diff.purge).toContain("https://post.example.com/news/");
    expect(diff.purgeAll).toBe(false);
  });

  it("names the removed article's page and its URL to purge when the story goes away again", async () => {
    const second = path.join(withStory.outDir, ".newsdeck/manifest.json");
    const { code, stdout } = await runCli(["diff", second, first, "--json"]);
    expect(code).toBe(0);
    const diff: DiffJson = JSON.parse(stdout);
    expect(diff.added.filter((f) => !inIndex(f.path))).toEqual([]);
    expect(diff.removed.filter((f) => !inIndex(f.path))).toEqual([
      { path: newStory.page, url: newStory.url, cache: "revalidate" },
    ]);
    expect(diff.purge).toContain(`https://post.example.com${newStory.url}`);
  });

  it("prints the same diff for people, one path a line", async () => {
    const second = path.join(withStory.outDir, ".newsdeck/manifest.json");
    const { code, stdout } = await runCli(["diff", first, second]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    const index = (sign: string) => lines.filter((l) => l.startsWith(`${sign} pagefind/`)).length;
    expect(lines[0]).toMatch(
      new RegExp(`^${1 + index("+")} added, \\d+ changed, ${index("-")} removed$`),
    );
    expect(lines).toContain(`+ ${newStory.page}`);
    expect(lines).toContain("~ news/index.html");
    expect(lines).toContain(`  https://post.example.com${newStory.url}`);
  });

  it("exits 2 and says why when a manifest is missing or is not one", async () => {
    const missing = await runCli(["diff", path.join(site.root, "nope.json"), first]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("does not exist");
    const notManifest = path.join(site.root, "package.json");
    await writeFile(notManifest, JSON.stringify({ name: "x" }));
    const invalid = await runCli(["diff", first, notManifest, "--json"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("not a Newsdeck deploy manifest");
    expect(invalid.stdout).toBe("");
  });
});
