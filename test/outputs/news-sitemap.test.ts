import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newsLanguage, newsSitemapFile, newsWindowMs } from "../../src/outputs/news-sitemap.js";
import type { Site, SiteArticle } from "../../src/site/model.js";
import type { OutputFile } from "../../src/write/output-file.js";
import { article, type BuiltSite, buildSite, testNow } from "../helpers/build-site.js";
import { newsroomTree, trickyTitle } from "./newsroom-tree.js";
import { parseXml } from "./parse-xml.js";

interface NewsUrl {
  loc: string;
  "news:news": {
    "news:publication": { "news:name": string; "news:language": string };
    "news:publication_date": string;
    "news:title": string;
  };
}

function newsUrls(file: OutputFile): NewsUrl[] {
  if (!("data" in file) || typeof file.data !== "string") throw new Error("not text");
  return parseXml(file.data).urlset.url ?? [];
}

describe("the news sitemap of a newsroom", () => {
  let built: BuiltSite;
  let site: Site;
  let template: SiteArticle;
  beforeAll(async () => {
    built = await buildSite(await newsroomTree());
    expect(built.result.exitCode).toBe(0);
    if (!built.result.site?.articles[0]) throw new Error("the build returned no articles");
    site = built.result.site;
    template = built.result.site.articles[0];
  });
  afterAll(() => built.cleanup());

  /** The site with articles published at the given instants (newest first, as in the model). */
  function siteWith(dates: readonly number[]): Site {
    const articles = [...dates]
      .sort((a, b) => b - a)
      .map((date, i) => ({
        ...template,
        url: `/politics/story-${i}/`,
        date,
        canonical: undefined,
      }));
    return { ...site, articles };
  }

  it("lists the articles of the last 48 hours with publication, date and title", async () => {
    const { urlset } = parseXml(await built.read("news-sitemap.xml"));
    expect(urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset["@_xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    const urls = urlset.url as NewsUrl[];
    // The clinic story is 50 hours old; drafts and embargoed stories never appear.
    expect(urls.map((u) => u.loc)).toEqual([
      "https://news.test/politics/2026/11/27/council-budget/",
    ]);
    const news = urls[0]?.["news:news"];
    expect(news?.["news:publication"]).toEqual({
      "news:name": "The Test Ledger & Co",
      "news:language": "en",
    });
    expect(news?.["news:publication_date"]).toBe("2026-11-27T08:00:00+02:00");
    expect(news?.["news:title"]).toBe(trickyTitle);
  });

  it("includes an article exactly 48 hours old and one published at the build time", () => {
    const urls = newsUrls(newsSitemapFile(siteWith([testNow, testNow - newsWindowMs])));
    expect(urls.map((u) => u["news:news"]["news:publication_date"])).toEqual([
      "2026-11-28T12:00:00+02:00",
      "2026-11-26T12:00:00+02:00",
    ]);
  });

  it("leaves out an article a millisecond older than 48 hours", () => {
    const urls = newsUrls(newsSitemapFile(siteWith([testNow - newsWindowMs - 1])));
    expect(urls).toEqual([]);
  });

  it("leaves out articles dated after the build time", () => {
    const urls = newsUrls(newsSitemapFile(siteWith([testNow + 1, testNow - 1000])));
    expect(urls).toHaveLength(1);
    expect(urls[0]?.["news:news"]["news:publication_date"]).toBe("2026-11-28T11:59:59+02:00");
  });

  it("lists at most the 1,000 newest articles", () => {
    const dates = Array.from({ length: 1_200 }, (_, i) => testNow - i * 60_000);
    const urls = newsUrls(newsSitemapFile(siteWith(dates)));
    expect(urls).toHaveLength(1_000);
    expect(urls[0]?.loc).toBe("https://news.test/politics/story-0/");
    expect(urls[999]?.loc).toBe("https://news.test/politics/story-999/");
  });

  it("leaves out syndicated copy whose canonical URL is elsewhere", () => {
    const syndicated = {
      ...template,
      url: "/politics/syndicated/",
      date: testNow - 1000,
      canonical: "https://wire.example/original",
    };
    const urls = newsUrls(newsSitemapFile({ ...site, articles: [syndicated] }));
    expect(urls).toEqual([]);
  });
});

describe("the news sitemap window in a build", () => {
  it("keeps the story published exactly 48 hours before --now and drops the one a second older", async () => {
    const now = Date.parse("2026-11-28T12:00:00+02:00");
    const built = await buildSite(
      {
        "content/articles/edge-in.md": article({
          title: "Edge in",
          date: "2026-11-26T12:00:00+02:00",
          section: "news",
        }),
        "content/articles/edge-out.md": article({
          title: "Edge out",
          date: "2026-11-26T11:59:59+02:00",
          section: "news",
        }),
      },
      { now },
    );
    try {
      expect(built.result.exitCode).toBe(0);
      const urls = parseXml(await built.read("news-sitemap.xml")).urlset.url as NewsUrl[];
      expect(urls.map((u) => u["news:news"]["news:title"])).toEqual(["Edge in"]);
    } finally {
      await built.cleanup();
    }
  });
});

describe("newsLanguage", () => {
  it.each([
    ["en-ZA", "en"],
    ["en", "en"],
    ["pt-BR", "pt"],
    ["fil-PH", "fil"],
    ["zh", "zh-cn"],
    ["zh-CN", "zh-cn"],
    ["zh-Hans-TW", "zh-cn"],
    ["zh-TW", "zh-tw"],
    ["zh-HK", "zh-tw"],
    ["zh-Hant", "zh-tw"],
  ])("writes %s as %s", (tag, expected) => {
    expect(newsLanguage(tag)).toBe(expected);
  });
});
