import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import {
  article,
  type BuiltSite,
  buildSite,
  openBuiltSite,
  repoRoot,
  testNow,
} from "../helpers/build-site.js";
import { openSearchIndex, readIndexFiles } from "../search/read-search-index.js";

/**
 * Each hidden article of the newsroom-embargo fixture carries its own marker word in its title,
 * body, summary, file name (slug), a tag, an author, its aliases and its image file names.
 */
const draft = "xylocarp";
const future = "quorvane";
const expired = "brindlemoss";

/** Every file under `dir`, dotfiles included, as paths relative to it. */
async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Where `marker` occurs in the output: in a file's path or anywhere in its bytes, compared
 * case-insensitively on the raw bytes (latin1 maps each byte to one character), so images,
 * compressed and binary files are searched too.
 */
async function tracesOf(outDir: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await everyFile(outDir)) {
    if (file.toLowerCase().includes(marker)) found.push(`${file} (path)`);
    const bytes = await readFile(path.join(outDir, file));
    if (bytes.toString("latin1").toLowerCase().includes(marker)) found.push(file);
  }
  return found;
}

describe("hidden articles leave no trace", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    site = await buildSite("newsroom-embargo");
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it("publishes the published stories (so the search below looks at a real site)", async () => {
    const $ = await site.page("/city/");
    expect(
      $("main .card__title a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual([
      "/city/2026/11/25/tide-tables-published/",
      "/city/2026/11/20/harbour-dredging-begins/",
    ]);
    expect((await everyFile(site.outDir)).length).toBeGreaterThan(10);
  });

  it.each([
    ["a draft", draft],
    ["a future-dated article", future],
    ["an expired article", expired],
  ])("no file under the output names or contains the marker of %s", async (_, marker) => {
    expect(await tracesOf(site.outDir, marker)).toEqual([]);
  });

  it.each([
    ["a draft", draft],
    ["a future-dated article", future],
    ["an expired article", expired],
  ])(
    "the search index, read as the search page reads it, finds nothing of %s",
    async (_, marker) => {
      const index = await openSearchIndex(site.outDir);
      try {
        // The published stories are there: the index is searched, not empty.
        expect((await index.search("dredging")).map((r) => r.url)).toContain(
          "/city/2026/11/20/harbour-dredging-begins/",
        );
        expect(await index.search(marker)).toEqual([]);
        const filters = JSON.stringify(await index.filters()).toLowerCase();
        expect(filters).toContain("harbour");
        expect(filters).not.toContain(marker);
      } finally {
        await index.close();
      }
      // Decompressed, no index file holds the marker either (titles, bodies, URLs, filters).
      const files = await readIndexFiles(site.outDir);
      expect(files.size).toBeGreaterThan(5);
      for (const [file, bytes] of files) {
        expect(bytes.toString("latin1").toLowerCase().includes(marker), file).toBe(false);
      }
    },
  );

  it("does not reveal when the embargoed story goes live: its moment is only in the build cache", async () => {
    // quorvane-merger-announced: 2026-12-05T06:00:00+02:00, the next publishing change.
    for (const moment of ["2026-12-05", "2026-12-05t04:00", "2026-12-05t06:00"])
      expect(await tracesOf(site.outDir, moment), moment).toEqual([]);
    expect(await everyFile(site.outDir)).not.toContain(path.join(".newsdeck", "schedule.json"));
    const schedule = await readFile(
      path.join(site.root, ".newsdeck-cache", "schedule.json"),
      "utf8",
    );
    expect(JSON.parse(schedule)).toMatchObject({ nextChange: "2026-12-05T04:00:00.000Z" });
  });

  it("keeps hidden stories off listings and related links they would share with published ones", async () => {
    const tag = await site.page("/tag/harbour/");
    expect(tag("main .card").length).toBe(2);
    const author = await site.page("/author/naledi-khoza/");
    expect(author("main .card").length).toBe(2);
    const article = await site.page("/city/2026/11/25/tide-tables-published/");
    expect(
      article("section.related .card__title a")
        .map((_, a) => article(a).attr("href"))
        .get(),
    ).toEqual(["/city/2026/11/20/harbour-dredging-begins/"]);
  });

  it("redirects only the aliases of published stories", async () => {
    expect(await site.read("_redirects")).toBe(
      "/city/dredging/ /city/2026/11/20/harbour-dredging-begins/ 301\n",
    );
  });

  it("--drafts and --future bring drafts and future stories back for previews, never expired ones", async () => {
    const preview = openBuiltSite(
      site.root,
      path.join(site.root, "preview"),
      await build({
        root: site.root,
        outDir: path.join(site.root, "preview"),
        now: site.result.site?.now ?? 0,
        drafts: true,
        future: true,
      }),
    );
    expect(preview.result.exitCode).toBe(0);
    const draftTraces = await tracesOf(preview.outDir, draft);
    expect(draftTraces).toContain("xylocarp-old-link/index.html (path)");
    expect(draftTraces).toContain("city/2026/11/10/xylocarp-depot-plan/index.html");
    expect(draftTraces.some((f) => f.startsWith("images/xylocarp-photo-"))).toBe(true);
    expect(draftTraces.some((f) => f.startsWith("images/xylocarp-inline-"))).toBe(true);
    expect(draftTraces).toContain("author/anna-xylocarp/index.html");
    expect(draftTraces).toContain("tag/xylocarp-inquiry/index.html");
    expect(draftTraces).toContain("xylocarp-notes/index.html");
    const futureTraces = await tracesOf(preview.outDir, future);
    expect(futureTraces).toContain("business/2026/12/05/quorvane-merger-announced/index.html");
    expect(futureTraces).toContain("_redirects");
    expect(await tracesOf(preview.outDir, expired)).toEqual([]);
    // The search index is a public file: previews keep hidden stories out of it, as feeds do.
    const index = await openSearchIndex(preview.outDir);
    try {
      expect(await index.search("dredging")).not.toEqual([]);
      for (const marker of [draft, future]) expect(await index.search(marker)).toEqual([]);
    } finally {
      await index.close();
    }
    for (const [file, bytes] of await readIndexFiles(preview.outDir)) {
      for (const marker of [draft, future])
        expect(bytes.toString("latin1").toLowerCase().includes(marker), file).toBe(false);
    }
  });
});

describe("hidden articles and shared tags", () => {
  it("a hidden article's spelling of a shared tag is never shown, nor warned about", async () => {
    const story = (fields: Record<string, unknown>) =>
      article({ section: "city", date: "2026-11-02T09:00:00Z", ...fields });
    const site = await buildSite({
      "content/articles/published.md": story({ title: "Published", tags: ["Harbour"] }),
      "content/articles/draft-one.md": story({ title: "One", tags: ["HARBOUR!"], draft: true }),
      "content/articles/draft-two.md": story({ title: "Two", tags: ["HARBOUR!"], draft: true }),
    });
    try {
      expect(site.result.diagnostics).toEqual([]);
      expect((await site.page("/tag/harbour/"))("h1").text()).toBe("Harbour");
      expect(await tracesOf(site.outDir, "harbour!")).toEqual([]);
    } finally {
      await site.cleanup();
    }
  });
});

describe("publishing state across rebuilds of one site into one folder (build cache warm)", () => {
  it("an article that expires between two builds leaves no trace after the second", async () => {
    const site = await buildSite("newsroom-embargo", { now: Date.parse("2026-11-15T10:00:00Z") });
    try {
      expect(site.result.exitCode).toBe(0);
      expect(await tracesOf(site.outDir, expired)).toContain(
        "city/2026/10/01/brindlemoss-ferry-offer/index.html",
      );
      const again = await build({ root: site.root, outDir: site.outDir, now: testNow });
      expect(again.exitCode).toBe(0);
      expect(await tracesOf(site.outDir, expired)).toEqual([]);
    } finally {
      await site.cleanup();
    }
  });

  it("an embargo that lifts between two builds publishes the story everywhere it belongs", async () => {
    const site = await buildSite("newsroom-embargo");
    try {
      expect(await tracesOf(site.outDir, future)).toEqual([]);
      const lifted = Date.parse("2026-12-05T06:00:00+02:00");
      expect(site.result.nextChange).toBe(lifted);
      const again = await build({ root: site.root, outDir: site.outDir, now: lifted });
      expect(again.exitCode).toBe(0);
      const url = "/business/2026/12/05/quorvane-merger-announced/";
      const home = await site.page("/");
      expect(home(".lead .lead__title a").attr("href")).toBe(url);
      const harbour = await site.page("/tag/harbour/");
      expect(harbour("main .card__title a").first().attr("href")).toBe(url);
      expect(await site.read("_redirects")).toContain(`/quorvane-merger/ ${url} 301`);
    } finally {
      await site.cleanup();
    }
  });
});

describe("the sample site at the repository root", () => {
  const markers = ["quillfeather", "marrowvane", "tessellbrook"];

  it("holds a hidden article for each marker word", async () => {
    const sources = await everyFile(path.join(repoRoot, "content"));
    for (const marker of markers) {
      expect(sources.some((file) => file.toLowerCase().includes(marker))).toBe(true);
    }
  });

  it("leaves no trace of its draft, future-dated and expired articles", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "newsdeck-sample-"));
    try {
      const outDir = path.join(parent, "dist");
      const result = await build({
        root: repoRoot,
        outDir,
        now: Date.parse("2026-11-28T12:00:00+02:00"),
      });
      expect(result.exitCode).toBe(0);
      for (const marker of markers) expect(await tracesOf(outDir, marker)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 240_000); // the whole sample with its image variants: slow on a busy machine
});

describe("the Markdown phase renders only the bodies of articles in the build", () => {
  // Enough stories for the worker pool, which a first build feeds while the archive still loads.
  const published = 60;
  const files: Record<string, string> = {};
  for (let i = 0; i < published; i++)
    files[`content/articles/story-${i}.md`] = article(
      {
        title: `Story ${i}`,
        section: "city",
        date: `2026-10-${String(1 + (i % 28)).padStart(2, "0")}T09:00:00Z`,
      },
      `Published story number ${i}.`,
    );
  const hidden = {
    [draft]: { draft: true, date: "2026-10-03T09:00:00Z" },
    [future]: { date: "2026-12-24T09:00:00Z" },
    [expired]: { date: "2026-10-04T09:00:00Z", expires: "2026-11-01T00:00:00Z" },
  };
  // Hidden stories among the published ones, in the order files load.
  for (const [marker, fields] of Object.entries(hidden))
    files[`content/articles/story-3${marker}.md`] = article(
      { title: `Hidden ${marker}`, section: "city", ...fields },
      `A body that names ${marker} and must never be rendered.`,
    );

  it.each([
    ["on worker threads", 2],
    ["in the build's thread", 0],
  ])("%s", async (_, threads) => {
    const site = await buildSite(files, { threads });
    try {
      expect(site.result.exitCode).toBe(0);
      const store = path.join(site.root, ".newsdeck-cache", "bodies");
      const bodies = (await everyFile(store)).filter((file) => file.endsWith(".html"));
      expect(bodies.length).toBe(published);
      for (const file of bodies) {
        const html = (await readFile(path.join(store, file), "utf8")).toLowerCase();
        expect(html).toContain("published story number");
        for (const marker of Object.keys(hidden)) expect(html, file).not.toContain(marker);
      }
    } finally {
      await site.cleanup();
    }
  });
});
