import type { CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";
import { newsroomTree, scriptTitle, trickyTitle } from "./newsroom-tree.js";

const base = "https://news.test";
const budgetUrl = "/politics/2026/11/27/council-budget/";

function meta($: CheerioAPI, key: string): string | undefined {
  return $(`meta[property="${key}"], meta[name="${key}"]`).attr("content");
}

function metas($: CheerioAPI, key: string): string[] {
  return $(`meta[property="${key}"]`)
    .map((_, el) => $(el).attr("content"))
    .get();
}

/** The JSON-LD objects of a page, parsed. */
function jsonLd($: CheerioAPI): Record<string, unknown>[] {
  return $('script[type="application/ld+json"]')
    .map((_, el) => JSON.parse($(el).text()))
    .get();
}

function alternates($: CheerioAPI): { type?: string; title?: string; href?: string }[] {
  return $('link[rel="alternate"]')
    .map((_, el) => ({
      type: $(el).attr("type"),
      title: $(el).attr("title"),
      href: $(el).attr("href"),
    }))
    .get();
}

const siteFeeds = [
  { type: "application/rss+xml", title: "The Test Ledger & Co", href: `${base}/feed.xml` },
  { type: "application/atom+xml", title: "The Test Ledger & Co (Atom)", href: `${base}/atom.xml` },
  {
    type: "application/feed+json",
    title: "The Test Ledger & Co (JSON Feed)",
    href: `${base}/feed.json`,
  },
];

describe("head metadata", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(await newsroomTree());
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it("gives an article its title, description, canonical URL and Open Graph article tags", async () => {
    const $ = await site.page(budgetUrl);
    expect($("title").text()).toBe(`${trickyTitle} | The Test Ledger & Co`);
    const summary = "The council passed the budget <finally> & went home.";
    expect(meta($, "description")).toBe(summary);
    expect($('link[rel="canonical"]').attr("href")).toBe(`${base}${budgetUrl}`);
    expect(meta($, "og:type")).toBe("article");
    expect(meta($, "og:title")).toBe(trickyTitle);
    expect(meta($, "og:description")).toBe(summary);
    expect(meta($, "og:url")).toBe(`${base}${budgetUrl}`);
    expect(meta($, "og:site_name")).toBe("The Test Ledger & Co");
    expect(meta($, "article:published_time")).toBe("2026-11-27T08:00:00+02:00");
    expect(meta($, "article:modified_time")).toBe("2026-11-28T09:00:00+02:00");
    expect(meta($, "article:section")).toBe("Politics");
    expect(metas($, "article:tag")).toEqual(["Elections", "Arts & Culture"]);
  });

  it("gives an article with a hero image og:image with its size and a large Twitter card", async () => {
    const $ = await site.page(budgetUrl);
    expect(meta($, "og:image")).toMatch(/^https:\/\/news\.test\/images\/.+\.jpe?g$/);
    const width = Number(meta($, "og:image:width"));
    const height = Number(meta($, "og:image:height"));
    expect(Number.isInteger(width) && width > 0).toBe(true);
    // The 120 x 80 source keeps its shape in whatever size is shared.
    expect(width / height).toBeCloseTo(1.5, 1);
    expect(meta($, "og:image:alt")).toBe("Councillors voting");
    expect(meta($, "twitter:card")).toBe("summary_large_image");

    const clinic = await site.page("/health/2026/11/26/clinic-queues/");
    expect(meta(clinic, "og:image")).toBeUndefined();
    expect(meta(clinic, "twitter:card")).toBe("summary");
  });

  it("lets canonical: in front matter name the canonical URL", async () => {
    const $ = await site.page("/health/2026/11/10/wire-copy/");
    expect($('link[rel="canonical"]').attr("href")).toBe("https://wire.example/original-story");
    expect(meta($, "og:url")).toBe("https://wire.example/original-story");
  });

  it("describes an article as NewsArticle and BreadcrumbList JSON-LD", async () => {
    const $ = await site.page(budgetUrl);
    const [article, breadcrumbs, ...rest] = jsonLd($);
    expect(rest).toEqual([]);
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: trickyTitle,
      datePublished: "2026-11-27T08:00:00+02:00",
      dateModified: "2026-11-28T09:00:00+02:00",
      image: [meta($, "og:image")],
      mainEntityOfPage: { "@type": "WebPage", "@id": `${base}${budgetUrl}` },
      author: [
        { "@type": "Person", name: "Thandi Mokoena", url: `${base}/author/thandi-mokoena/` },
        { "@type": "Person", name: "Sipho Ndlovu", url: `${base}/author/sipho-ndlovu/` },
      ],
      publisher: {
        "@type": "Organization",
        name: "The Test Ledger & Co",
        logo: { "@type": "ImageObject", url: `${base}/logo.png` },
      },
      articleSection: "Politics",
      keywords: ["Elections", "Arts & Culture"],
    });
    expect(breadcrumbs).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "Politics", item: `${base}/politics/` },
        { "@type": "ListItem", position: 2, name: trickyTitle, item: `${base}${budgetUrl}` },
      ],
    });
  });

  it("names the wire agency as author of a story without a byline", async () => {
    const [article] = jsonLd(await site.page("/health/2026/11/26/clinic-queues/"));
    expect(article?.author).toEqual([{ "@type": "Organization", name: "Meridian Press Agency" }]);
    expect(article?.image).toBeUndefined();
  });

  it("keeps a headline that contains </script> inside the JSON-LD", async () => {
    const url = "/politics/2026/11/20/script-vote/";
    // In the raw HTML, the first </script> after each JSON-LD opening tag must end valid JSON:
    // had the headline broken out, the JSON would be cut short there.
    const html = await site.read(`${url.slice(1)}index.html`);
    const raw = [...html.matchAll(/<script[^>]*ld\+json[^>]*>(.*?)<\/script>/gs)].map((m) =>
      JSON.parse(m[1] ?? ""),
    );
    expect(raw.map((data) => data["@type"])).toEqual(["NewsArticle", "BreadcrumbList"]);
    expect(raw[0].headline).toBe(scriptTitle);
    const $ = await site.page(url);
    // Only the two JSON-LD scripts exist: the headline opened no element of its own.
    expect($("script").length).toBe(2);
    expect($("script").not('[type="application/ld+json"]').length).toBe(0);
    const [article, breadcrumbs] = jsonLd($);
    expect(article?.headline).toBe(scriptTitle);
    expect(breadcrumbs?.itemListElement).toContainEqual(
      expect.objectContaining({ name: scriptTitle }),
    );
    expect(meta($, "og:title")).toBe(scriptTitle);
  });

  it("describes the home page as a website with WebSite JSON-LD", async () => {
    const $ = await site.page("/");
    expect($("title").text()).toBe("The Test Ledger & Co");
    expect(meta($, "og:type")).toBe("website");
    expect(meta($, "og:url")).toBe(`${base}/`);
    expect(meta($, "twitter:card")).toBe("summary");
    expect(meta($, "article:published_time")).toBeUndefined();
    expect(jsonLd($)).toEqual([
      {
        "@context": "https://schema.org",
        "@type": "WebSite",
        name: "The Test Ledger & Co",
        url: `${base}/`,
        description: "Tested news <daily>",
        inLanguage: "en-ZA",
        publisher: {
          "@type": "Organization",
          name: "The Test Ledger & Co",
          url: `${base}/`,
          logo: { "@type": "ImageObject", url: `${base}/logo.png` },
        },
      },
    ]);
  });

  it("links the site feeds from every page, and a section's or tag's own feed from its page", async () => {
    expect(alternates(await site.page("/"))).toEqual(siteFeeds);
    expect(alternates(await site.page(budgetUrl))).toEqual(siteFeeds);
    expect(alternates(await site.page("/politics/"))).toEqual([
      ...siteFeeds,
      {
        type: "application/rss+xml",
        title: "Politics | The Test Ledger & Co",
        href: `${base}/politics/feed.xml`,
      },
    ]);
    expect(alternates(await site.page("/tag/arts-and-culture/"))).toEqual([
      ...siteFeeds,
      {
        type: "application/rss+xml",
        title: "Topic: Arts & Culture | The Test Ledger & Co",
        href: `${base}/tag/arts-and-culture/feed.xml`,
      },
    ]);
    expect(alternates(await site.page("/author/thandi-mokoena/"))).toEqual(siteFeeds);
  });

  it("gives every page one title, one canonical URL and the Open Graph and Twitter basics", async () => {
    const pages = (await site.files()).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      const $ = await site.page(file);
      expect($("title").length, file).toBe(1);
      expect($('link[rel="canonical"]').length, file).toBe(1);
      for (const key of ["og:type", "og:title", "og:url", "og:site_name", "twitter:card"]) {
        expect(meta($, key), `${file} ${key}`).toBeTruthy();
      }
    }
  });
});
