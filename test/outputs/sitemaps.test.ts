import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsoFormatter } from "../../src/outputs/iso-formatter.js";
import { type SitemapEntry, sitemapFiles } from "../../src/outputs/sitemaps.js";
import { formatIsoInZone } from "../../src/site/time.js";
import type { OutputFile } from "../../src/write/output-file.js";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";
import { hiddenMarkers, newsroomTree } from "./newsroom-tree.js";
import { parseXml } from "./parse-xml.js";

const options = { baseUrl: "https://x.test", timeZone: "Africa/Johannesburg" };
const start = Date.parse("2026-01-01T00:00:00Z");

function* generated(count: number): Generator<SitemapEntry> {
  for (let i = 1; i <= count; i++) {
    yield { loc: `https://x.test/story-${i}/`, lastmod: start + i * 1000 };
  }
}

function text(file: OutputFile): string {
  if (!("data" in file) || typeof file.data !== "string")
    throw new Error(`${file.path} is not text`);
  return file.data;
}

function locs(file: OutputFile): string[] {
  return parseXml(text(file)).urlset.url.map((url: { loc: string }) => url.loc);
}

describe("sitemapFiles", () => {
  it("writes one urlset with escaped locations and lastmod in the site's timezone", () => {
    const files = [
      ...sitemapFiles(
        [
          { loc: "https://x.test/", lastmod: Date.parse("2026-11-28T07:45:00Z") },
          { loc: "https://x.test/search?a=1&b=<2>" },
          { loc: "https://x.test/tag/café/" },
        ],
        options,
      ),
    ];
    expect(files.map((f) => f.path)).toEqual(["sitemap.xml"]);
    const { urlset } = parseXml(text(files[0] as OutputFile));
    expect(urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset.url).toEqual([
      { loc: "https://x.test/", lastmod: "2026-11-28T09:45:00+02:00" },
      { loc: "https://x.test/search?a=1&b=%3C2%3E" },
      { loc: "https://x.test/tag/caf%C3%A9/" },
    ]);
  });

  it("splits 120,000 entries into a sitemap index of numbered parts of at most 50,000", () => {
    const files = [...sitemapFiles(generated(120_000), options)];
    expect(files.map((f) => f.path)).toEqual([
      "sitemaps/sitemap-1.xml",
      "sitemaps/sitemap-2.xml",
      "sitemaps/sitemap-3.xml",
      "sitemap.xml",
    ]);
    const parts = files.slice(0, 3).map(locs);
    expect(parts.map((p) => p.length)).toEqual([50_000, 50_000, 20_000]);
    // Every entry once, in the order given.
    expect(parts.flat()).toEqual(
      Array.from({ length: 120_000 }, (_, i) => `https://x.test/story-${i + 1}/`),
    );
    for (const file of files) expect(Buffer.byteLength(text(file))).toBeLessThanOrEqual(52_428_800);

    const index = parseXml(text(files[3] as OutputFile)).sitemapindex;
    expect(index["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(index.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      "https://x.test/sitemaps/sitemap-1.xml",
      "https://x.test/sitemaps/sitemap-2.xml",
      "https://x.test/sitemaps/sitemap-3.xml",
    ]);
    // A part's lastmod is the newest of its entries: the last one of each part here.
    expect(index.sitemap.map((s: { lastmod: string }) => Date.parse(s.lastmod))).toEqual([
      start + 50_000_000,
      start + 100_000_000,
      start + 120_000_000,
    ]);
  });

  it("keeps exactly 50,000 entries in a single sitemap and indexes 50,001", () => {
    const exact = [...sitemapFiles(generated(50_000), options)];
    expect(exact.map((f) => f.path)).toEqual(["sitemap.xml"]);
    expect(locs(exact[0] as OutputFile)).toHaveLength(50_000);

    const over = [...sitemapFiles(generated(50_001), options)];
    expect(over.map((f) => f.path)).toEqual([
      "sitemaps/sitemap-1.xml",
      "sitemaps/sitemap-2.xml",
      "sitemap.xml",
    ]);
    expect(locs(over[1] as OutputFile)).toEqual(["https://x.test/story-50001/"]);
  });

  it("starts a new part before a file would exceed the byte limit", () => {
    const maxBytes = 1_000;
    const files = [...sitemapFiles(generated(40), { ...options, maxBytes })];
    const parts = files.filter((f) => f.path.startsWith("sitemaps/"));
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(Buffer.byteLength(text(part))).toBeLessThanOrEqual(maxBytes);
      expect(locs(part).length).toBeGreaterThan(0);
    }
    expect(parts.flatMap(locs)).toEqual(
      Array.from({ length: 40 }, (_, i) => `https://x.test/story-${i + 1}/`),
    );
  });

  it("yields each full part before reading the rest of the entries", () => {
    let read = 0;
    function* counted(): Generator<SitemapEntry> {
      for (const entry of generated(100)) {
        read++;
        yield entry;
      }
    }
    const files = sitemapFiles(counted(), { ...options, maxUrls: 10 });
    const first = files.next();
    expect(first.done).toBe(false);
    expect((first.value as OutputFile).path).toBe("sitemaps/sitemap-1.xml");
    // Ten entries fill the part; the eleventh shows that another part is needed.
    expect(read).toBe(11);
  });
});

describe("createIsoFormatter", () => {
  it("formats exactly like formatIsoInZone, across daylight-saving switches", () => {
    const zones = [
      "UTC",
      "Africa/Johannesburg",
      "Europe/Berlin",
      "America/New_York",
      "America/St_Johns",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
    ];
    // Every 10 minutes around the 2026 switches of the zones above, plus a spread over years.
    const windows = ["2026-03-08T00:00:00Z", "2026-03-29T00:00:00Z", "2026-04-04T12:00:00Z"];
    const instants: number[] = [];
    for (const window of windows) {
      for (let m = 0; m < 24 * 60; m += 10) instants.push(Date.parse(window) + m * 60_000 + 1234);
    }
    for (
      let t = Date.parse("2019-01-01T00:00:00Z");
      t < Date.parse("2031-01-01T00:00:00Z");
      t += 86_400_000 * 7 + 3_600_000 * 5 + 61_000
    ) {
      instants.push(t);
    }
    for (const zone of zones) {
      const iso = createIsoFormatter(zone);
      const wrong = instants.filter((t) => iso(t) !== formatIsoInZone(t, zone));
      expect(wrong.map((t) => `${zone} ${new Date(t).toISOString()}`)).toEqual([]);
    }
  });
});

describe("the sitemap of a newsroom", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(await newsroomTree());
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it("lists every published page with its lastmod, and nothing else", async () => {
    const urls = parseXml(await site.read("sitemap.xml")).urlset.url as {
      loc: string;
      lastmod?: string;
    }[];
    const lastmods = Object.fromEntries(urls.map((u) => [u.loc, u.lastmod]));
    const base = "https://news.test";
    expect(lastmods).toEqual({
      [`${base}/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/politics/2026/11/27/council-budget/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/health/2026/11/26/clinic-queues/`]: "2026-11-26T10:00:00+02:00",
      [`${base}/politics/2026/11/20/script-vote/`]: "2026-11-20T12:00:00+02:00",
      [`${base}/politics/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/health/`]: "2026-11-26T10:00:00+02:00",
      [`${base}/tag/arts-and-culture/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/tag/covid-19/`]: "2026-11-26T10:00:00+02:00",
      [`${base}/tag/elections/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/author/sipho-ndlovu/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/author/thandi-mokoena/`]: "2026-11-28T09:00:00+02:00",
      [`${base}/about/`]: "2026-10-01T09:00:00+02:00",
    });
    // The syndicated story's canonical URL is another site's, so it is not listed here.
    expect(urls.some((u) => u.loc.includes("wire-copy"))).toBe(false);
    expect(urls).toHaveLength(12);
  });

  it("puts no draft, embargoed or expired article in the sitemaps or robots.txt", async () => {
    for (const file of ["sitemap.xml", "news-sitemap.xml", "robots.txt"]) {
      const body = (await site.read(file)).toLowerCase();
      expect(body.length).toBeGreaterThan(0);
      for (const marker of hiddenMarkers)
        expect(body, `${file} mentions ${marker}`).not.toContain(marker);
    }
  });

  it("writes robots.txt pointing to both sitemaps", async () => {
    expect(await site.read("robots.txt")).toBe(
      "User-agent: *\nAllow: /\n\nSitemap: https://news.test/sitemap.xml\nSitemap: https://news.test/news-sitemap.xml\n",
    );
  });
});

describe("the sitemaps of a preview build", () => {
  it("never list a draft or embargoed article, although --drafts --future render their pages", async () => {
    const site = await buildSite(await newsroomTree(), { drafts: true, future: true });
    try {
      expect(site.result.exitCode).toBe(0);
      expect(await site.files()).toContain("health/2026/12/01/quokkafuture-embargo/index.html");
      for (const file of ["sitemap.xml", "news-sitemap.xml"]) {
        const text = (await site.read(file)).toLowerCase();
        for (const marker of ["zebracorn", "quokkafuture"]) {
          expect(text, `${file} mentions ${marker}`).not.toContain(marker);
        }
      }
    } finally {
      await site.cleanup();
    }
  });
});

describe("robots.txt", () => {
  it("is the site's own public/robots.txt when there is one", async () => {
    const own = "User-agent: *\nDisallow: /private/\n";
    const site = await buildSite({
      "public/robots.txt": own,
      "content/articles/a.md": article({ title: "A", date: "2026-11-01", section: "news" }),
    });
    try {
      expect(site.result.exitCode).toBe(0);
      expect(await site.read("robots.txt")).toBe(own);
    } finally {
      await site.cleanup();
    }
  });
});
