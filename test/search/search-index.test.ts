import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { readHeadersFile, valuesFor } from "../cdn/read-headers-file.js";
import {
  article,
  type BuiltSite,
  buildSite,
  hashOutputFiles,
  testNow,
} from "../helpers/build-site.js";
import { openSearchIndex, type SearchIndexReader } from "./read-search-index.js";
import { searchNewsroom, stories } from "./search-newsroom.js";

/** Builds the site again into `<root>/<name>` with a build cache of its own (empty). */
async function buildCold(site: BuiltSite, name: string, now = testNow): Promise<string> {
  const outDir = path.join(site.root, name);
  const result = await build({
    root: site.root,
    outDir,
    now,
    cacheDir: path.join(site.root, `${name}-cache`),
  });
  expect(result.exitCode).toBe(0);
  return outDir;
}

/** The inode and modification time of every file of the search index, by path. */
async function indexStamps(
  site: BuiltSite,
): Promise<Map<string, { ino: number; mtimeMs: number }>> {
  const stamped = new Map<string, { ino: number; mtimeMs: number }>();
  for (const file of (await site.files()).filter((f) => f.startsWith("pagefind/"))) {
    const { ino, mtimeMs } = await stat(path.join(site.outDir, file));
    stamped.set(file, { ino, mtimeMs });
  }
  return stamped;
}

/** Replaces `from` with `to` in a story of the site. */
async function editStory(site: BuiltSite, file: string, from: string, to: string): Promise<void> {
  const story = path.join(site.root, file);
  await writeFile(story, (await readFile(story, "utf8")).replace(from, to));
}

describe("the search index of a newsroom", () => {
  let site: BuiltSite;
  let index: SearchIndexReader;

  beforeAll(async () => {
    site = await buildSite(await searchNewsroom());
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    index = await openSearchIndex(site.outDir);
  });
  afterAll(async () => {
    await index?.close();
    await site.cleanup();
  });

  it("finds a story by a word of its headline first, with what a result shows", async () => {
    const [first] = await index.search("reservoir");
    expect(first?.url).toBe(stories.reservoir);
    expect(first?.meta).toMatchObject({
      kind: "article",
      title: "Reservoir levels recover after spring rains",
      summary: "The main dam is back above half its capacity.",
      date: "2026-11-24T08:00:00+02:00",
      date_label: "24 November 2026",
      section: "City",
      section_url: "/city/",
    });
    // The thumbnail is the hero's smallest published rendition, a file of this build.
    const image = first?.meta.image ?? "";
    expect(image).toMatch(/^\/images\/dam-480-[0-9a-f]+\.jpg$/);
    expect((await stat(path.join(site.outDir, image))).isFile()).toBe(true);
    expect(first?.meta).toMatchObject({ image_width: "480", image_height: "320" });
  });

  it("ranks a headline match above a body match, and marks the words it matched", async () => {
    const results = await index.search("water");
    expect(results[0]?.url).toBe(stories.budget);
    expect(results.map((r) => r.url)).toContain(stories.market);
    const market = results.find((r) => r.url === stories.market);
    expect(market?.excerpt).toContain("<mark>Water</mark> pressure problems");
  });

  it("filters by section, topic and author, with the values of published stories only", async () => {
    const filters = await index.filters();
    expect(Object.keys(filters.section ?? {}).sort()).toEqual(["Business", "City"]);
    expect(Object.keys(filters.tag ?? {}).sort()).toEqual([
      "Council",
      "Harbour",
      "Transport",
      "Water",
    ]);
    expect(Object.keys(filters.author ?? {}).sort()).toEqual(["Ayanda Mokoena", "Pieter Naidoo"]);
    const harbour = (await index.search("the")).map((r) => r.url);
    expect(harbour.length).toBeGreaterThan(2);
    const city = (await index.search("the", { section: "City" })).map((r) => r.url);
    expect(city.length).toBeGreaterThan(0);
    expect(city.length).toBeLessThan(harbour.length);
    expect(city.every((url) => url.startsWith("/city/"))).toBe(true);
    const byAuthor = (await index.search("the", { author: "Pieter Naidoo" })).map((r) => r.url);
    expect(byAuthor.sort()).toEqual([stories.budget, stories.market].sort());
  });

  it("indexes static pages, undated, and leaves drafts out", async () => {
    const [page] = await index.search("corrections");
    expect(page?.url).toBe("/corrections/");
    expect(page?.meta.kind).toBe("page");
    expect(page?.meta.date).toBeUndefined();
    expect(await index.search("gravelwick")).toEqual([]);
  });

  it("is one bundle for static pages and one per month of stories, newest month first", async () => {
    const list = JSON.parse(await site.read("pagefind/newsdeck-buckets.json"));
    expect(list.buckets.map((b: { path: string }) => b.path)).toEqual([
      "",
      "2026-11/",
      "2026-10/",
      "2026-09/",
    ]);
    // Each bundle counts its stories plus its sentinel.
    expect(list.buckets.map((b: { pages: number }) => b.pages)).toEqual([2, 3, 3, 2]);
    const files = await site.files();
    expect(files).toContain("pagefind/pagefind.js");
    expect(files).toContain("pagefind/2026-10/pagefind-entry.json");
    // Pagefind's runtime comes once, with the primary bundle; its UI kits are not published.
    expect(files.filter((f) => f.endsWith("/pagefind.js"))).toEqual(["pagefind/pagefind.js"]);
    expect(files.some((f) => f.includes("pagefind-ui"))).toBe(false);
  });

  it("lets a CDN keep content-hashed index files for good and revalidate the rest", async () => {
    const rules = readHeadersFile(await site.read("_headers"));
    const immutable = "public, max-age=31536000, immutable";
    const files = (await site.files()).filter((f) => f.startsWith("pagefind/"));
    for (const file of files) {
      const hashed = /\.pf_(index|fragment|filter|meta)$/.test(file);
      const values = valuesFor(rules, `/${file}`, "cache-control");
      expect(values, file).toHaveLength(1);
      if (hashed) expect(values[0], file).toBe(immutable);
      else expect(values[0], file).not.toBe(immutable);
    }
  });

  it("links every page's header to /search/, which has a labelled field and loads the search script", async () => {
    for (const url of ["/", stories.ferry, "/city/", "/corrections/", "/search/"]) {
      const $ = await site.page(url);
      expect($(".site-header a[href='/search/']").text(), url).toBe("Search");
    }
    const $ = await site.page("/search/");
    const field = $("#search-query");
    expect($("label[for='search-query']").text()).toBe("Search for");
    expect(field.attr("type")).toBe("search");
    expect($("script[type='module']").attr("src")).toMatch(/^\/assets\/search\.[0-9a-f]+\.js$/);
    expect($("meta[name='robots']").attr("content")).toContain("noindex");
    // Without a fallback engine the form is hidden until the script shows it.
    expect($("form[data-search-form]").attr("hidden")).toBeDefined();
    expect($("noscript").text()).toContain("Search needs JavaScript");
    expect(
      $("#search-filter-section option")
        .map((_, o) => $(o).text())
        .get(),
    ).toEqual(["Any section", "Business", "City"]);
    // No other page loads a script.
    expect((await site.page(stories.ferry))("script[src]").length).toBe(0);
  });
});

describe("a warm build after one edit", () => {
  it("re-indexes only the edited story's month and leaves the other buckets' files untouched", async () => {
    const site = await buildSite(await searchNewsroom());
    try {
      const before = await indexStamps(site);
      await editStory(
        site,
        "content/articles/2026/10/ferry-fares-frozen.md",
        "fuel costs",
        "a shortage of marmalade-coloured paint",
      );
      const again = await build({ root: site.root, outDir: site.outDir, now: testNow });
      expect(again.exitCode).toBe(0);

      const untouched = [...before.keys()].filter(
        (f) => !f.startsWith("pagefind/2026-10/") && f !== "pagefind/newsdeck-buckets.json",
      );
      expect(untouched.length).toBeGreaterThan(10);
      const after = await indexStamps(site);
      for (const file of untouched) expect(after.get(file), file).toEqual(before.get(file));
      const october = (await site.files()).filter((f) => f.startsWith("pagefind/2026-10/"));
      expect(october.some((f) => !before.has(f))).toBe(true);

      const index = await openSearchIndex(site.outDir);
      try {
        expect((await index.search("marmalade")).map((r) => r.url)).toEqual([stories.ferry]);
        expect(await index.search("fuel")).toEqual([]);
      } finally {
        await index.close();
      }
      // And the warm build wrote what a cold build of the edited site writes.
      const coldDir = await buildCold(site, "cold");
      expect(await hashOutputFiles(site.outDir)).toEqual(await hashOutputFiles(coldDir));
    } finally {
      await site.cleanup();
    }
  });
});

describe("the stories of the last three days", () => {
  // Wednesday 25 November, noon in Johannesburg: the recent days are the 23rd, 24th and 25th, so
  // the reservoir story (the 24th) has a day's bucket and the story of the 20th stays in
  // November's.
  const wednesday = Date.parse("2026-11-25T10:00:00Z");
  const reservoirFile = "content/articles/2026/11/reservoir-levels-recover.md";
  const bucketPaths = async (site: BuiltSite) =>
    (
      JSON.parse(await site.read("pagefind/newsdeck-buckets.json")) as {
        buckets: { path: string; pages: number }[];
      }
    ).buckets.map((b) => [b.path, b.pages]);

  it("have a bucket per day, newest first, and an edit re-indexes that day's bucket only", async () => {
    const site = await buildSite(await searchNewsroom(), { now: wednesday });
    try {
      expect(await bucketPaths(site)).toEqual([
        ["", 2],
        ["2026-11-24/", 2],
        ["2026-11/", 2],
        ["2026-10/", 3],
        ["2026-09/", 2],
      ]);
      const before = await indexStamps(site);
      await editStory(site, reservoirFile, "three years", "three years and a periwinkle summer");
      const again = await build({ root: site.root, outDir: site.outDir, now: wednesday });
      expect(again.exitCode).toBe(0);
      expect(again.search).toMatchObject({ rebuiltBuckets: 1, reindexedEntries: 1 });
      // Every file of the other buckets is the one the first build wrote.
      const others = [...before.keys()].filter(
        (f) => !f.startsWith("pagefind/2026-11-24/") && f !== "pagefind/newsdeck-buckets.json",
      );
      expect(others.length).toBeGreaterThan(10);
      const after = await indexStamps(site);
      for (const file of others) expect(after.get(file), file).toEqual(before.get(file));

      const index = await openSearchIndex(site.outDir);
      try {
        expect((await index.search("periwinkle")).map((r) => r.url)).toEqual([stories.reservoir]);
        expect((await index.search("spillway")).map((r) => r.url)).toEqual([stories.reservoir]);
      } finally {
        await index.close();
      }
      expect(await hashOutputFiles(site.outDir)).toEqual(
        await hashOutputFiles(await buildCold(site, "cold", wednesday)),
      );
    } finally {
      await site.cleanup();
    }
  });

  it("move into their month's bucket on the first build after their third midnight, as a clean build has them", async () => {
    const site = await buildSite(await searchNewsroom(), { now: wednesday });
    try {
      // Later the same day: the buckets stay as they are.
      const sameDay = await build({
        root: site.root,
        outDir: site.outDir,
        now: wednesday + 6 * 3600_000,
      });
      expect(sameDay.search).toMatchObject({ rebuiltBuckets: 0 });
      // Two days on, the 24th is no longer recent: its story joins November's bucket.
      const friday = wednesday + 2 * 24 * 3600_000;
      const later = await build({ root: site.root, outDir: site.outDir, now: friday });
      expect(later.exitCode).toBe(0);
      expect(later.search).toMatchObject({ rebuiltBuckets: 1, reindexedEntries: 2 });
      expect(await bucketPaths(site)).toEqual([
        ["", 2],
        ["2026-11/", 3],
        ["2026-10/", 3],
        ["2026-09/", 2],
      ]);
      expect((await site.files()).some((f) => f.startsWith("pagefind/2026-11-24/"))).toBe(false);
      expect(await hashOutputFiles(site.outDir)).toEqual(
        await hashOutputFiles(await buildCold(site, "cold", friday)),
      );
      // And back: a build with an earlier clock (a preview of the past) splits it out again.
      const back = await build({ root: site.root, outDir: site.outDir, now: wednesday });
      expect(back.search).toMatchObject({ rebuiltBuckets: 2 });
      expect(await hashOutputFiles(site.outDir)).toEqual(
        await hashOutputFiles(await buildCold(site, "cold-again", wednesday)),
      );
    } finally {
      await site.cleanup();
    }
  });

  it("run newest first across a month's end: days, then months", async () => {
    const tree = {
      ...(await searchNewsroom()),
      "content/articles/2026/11/tram-timetable.md": article(
        { title: "Tram timetable changes", date: "2026-11-30T21:10:00+02:00", section: "city" },
        "The evening trams run later from Monday.",
      ),
      "content/articles/2026/12/harbour-wall.md": article(
        { title: "Harbour wall repaired", date: "2026-12-01T00:00:00+02:00", section: "city" },
        "The last stone went in at midnight.",
      ),
    };
    // 09:00 on 1 December there: the recent days are 29 November to 1 December.
    const site = await buildSite(tree, { now: Date.parse("2026-12-01T07:00:00Z") });
    try {
      expect(await bucketPaths(site)).toEqual([
        ["", 2],
        ["2026-12-01/", 2],
        ["2026-11-30/", 2],
        ["2026-11/", 3],
        ["2026-10/", 3],
        ["2026-09/", 2],
      ]);
    } finally {
      await site.cleanup();
    }
  });

  it("leave the bucket list when a build that renders everything folds them into their month", async () => {
    const site = await buildSite(await searchNewsroom(), { now: wednesday });
    try {
      // A new year shows in every page's footer: the build renders everything, and the 24th is
      // long past.
      const newYear = Date.parse("2027-01-02T10:00:00Z");
      const later = await build({ root: site.root, outDir: site.outDir, now: newYear });
      expect(later.exitCode).toBe(0);
      // Every bucket indexed again: the pages' and the three months'.
      expect(later.search).toMatchObject({ rebuiltBuckets: 4 });
      expect(await bucketPaths(site)).toEqual([
        ["", 2],
        ["2026-11/", 3],
        ["2026-10/", 3],
        ["2026-09/", 2],
      ]);
      expect(await hashOutputFiles(site.outDir)).toEqual(
        await hashOutputFiles(await buildCold(site, "cold", newYear)),
      );
    } finally {
      await site.cleanup();
    }
  });
});

describe("a build that defers search (newsdeck dev)", () => {
  it("leaves the month's bucket for the next build, which re-indexes it into a clean build's files", async () => {
    const site = await buildSite(await searchNewsroom());
    try {
      const index = async () =>
        Object.fromEntries(
          Object.entries(await hashOutputFiles(site.outDir)).filter(([f]) =>
            f.startsWith("pagefind/"),
          ),
        );
      const before = await index();
      const rel = "content/articles/2026/10/ferry-fares-frozen.md";
      await editStory(site, rel, "fuel costs", "a shortage of marmalade paint");
      const deferred = await build({
        root: site.root,
        outDir: site.outDir,
        now: testNow,
        changed: new Set([rel]),
        deferSearch: true,
      });
      expect(deferred.exitCode).toBe(0);
      expect(deferred.search).toMatchObject({ rebuiltBuckets: 0, pendingBuckets: 1 });
      // The page shows the edit; the index is as it was.
      const page = await readFile(path.join(site.outDir, stories.ferry, "index.html"), "utf8");
      expect(page).toContain("marmalade");
      expect(await index()).toEqual(before);

      // A build with nothing else to do (no file changed) re-indexes what waits, once.
      const followUp = await build({
        root: site.root,
        outDir: site.outDir,
        now: testNow,
        changed: new Set(),
      });
      expect(followUp.search).toMatchObject({ rebuiltBuckets: 1, pendingBuckets: 0 });
      const reader = await openSearchIndex(site.outDir);
      try {
        expect((await reader.search("marmalade")).map((r) => r.url)).toEqual([stories.ferry]);
      } finally {
        await reader.close();
      }
      const coldDir = await buildCold(site, "cold");
      expect(await hashOutputFiles(site.outDir)).toEqual(await hashOutputFiles(coldDir));
      const idle = await build({ root: site.root, outDir: site.outDir, now: testNow });
      expect(idle.search).toMatchObject({ rebuiltBuckets: 0, pendingBuckets: 0 });
    } finally {
      await site.cleanup();
    }
  });
});

describe("search index determinism", () => {
  it("gives byte-identical index files for the same input, built twice from cold", async () => {
    const site = await buildSite(await searchNewsroom());
    try {
      const second = await buildCold(site, "second");
      const first = await hashOutputFiles(site.outDir);
      const index = Object.keys(first).filter((f) => f.startsWith("pagefind/"));
      expect(index.length).toBeGreaterThan(20);
      expect(await hashOutputFiles(second)).toEqual(first);
    } finally {
      await site.cleanup();
    }
  });
});
