import { type CheerioAPI, load } from "cheerio";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";

/**
 * Front matter values are text (contract section 8): wherever a template shows one, as element
 * text, in an attribute, in the head or in JSON-LD, it arrives escaped. Each field carries a
 * script tag and an attribute break-out; each page must hold no script but JSON-LD, no on*
 * attribute, and the value itself as text. Raw HTML in bodies is covered by
 * test/markdown/sanitize.test.ts.
 */

const script = "<script>alert(1)</script>";
const breakout = '" onmouseover="alert(1)" x="';
/** A value that tries both, distinct per field so each assertion finds its own. */
const evil = (field: string) => `${field} ${script} ${breakout} & </p>`;

const url = "/politics/2026/05/26/story/";
let site: BuiltSite;

beforeAll(async () => {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#246" } })
    .png()
    .toBuffer();
  const frontMatter = stringify({
    title: evil("title"),
    date: "2026-05-26T09:30:00+02:00",
    section: "politics",
    tags: [evil("tag"), "Water"],
    authors: [evil("author")],
    source: evil("source"),
    dateline: evil("dateline"),
    summary: evil("summary"),
    credits: evil("credits"),
    image: {
      src: "./hero.png",
      alt: evil("alt"),
      caption: evil("caption"),
      credit: evil("credit"),
    },
    gallery: [{ src: "./hero.png", alt: evil("galleryalt"), caption: evil("gallerycaption") }],
    corrections: [{ date: "2026-05-27", text: evil("correction") }],
    updated: "2026-05-27T08:00:00+02:00",
  });
  site = await buildSite({
    "newsdeck.config.mjs": `export default {
  site: { title: "The Ledger", url: "https://news.example.org" },
  sections: { politics: { title: "Politics" } },
};
`,
    "content/articles/2026/05/story.md": `---\n${frontMatter}---\nThe story begins here.\n`,
    "content/articles/2026/05/hero.png": png,
    "content/authors/author.md": `---\n${stringify({ name: evil("bioname"), role: evil("role") })}---\nA bio.\n`,
    "content/pages/about.md": `---\n${stringify({ title: evil("pagetitle"), summary: evil("pagesummary") })}---\nAbout us.\n`,
  });
});
afterAll(() => site.cleanup());

/** Fails on any script but JSON-LD, any on* attribute, and any JSON-LD that does not parse. */
function expectNoScript($: CheerioAPI, themeScript?: RegExp): void {
  const scripts = $("script")
    .toArray()
    .filter((el) => $(el).attr("type") !== "application/ld+json")
    .filter((el) => {
      const theme = themeScript?.test($(el).attr("src") ?? "") && $(el).attr("type") === "module";
      return !(theme && $(el).text() === "");
    });
  expect(scripts.map((el) => $.html(el))).toEqual([]);
  const handlers: string[] = [];
  $("*").each((_, el) => {
    const { tagName, attribs } = el as { tagName?: string; attribs?: Record<string, string> };
    for (const name of Object.keys(attribs ?? {}))
      if (name.toLowerCase().startsWith("on")) handlers.push(`${tagName}[${name}]`);
  });
  expect(handlers).toEqual([]);
  $('script[type="application/ld+json"]').each((_, el) => {
    expect(() => JSON.parse($(el).text())).not.toThrow();
  });
}

describe("front matter in the built site", () => {
  it("builds", () => {
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });

  it("shows every article field as text on the article page, never as markup", async () => {
    const $ = await site.page(url);
    expectNoScript($);
    expect($("h1").text()).toBe(evil("title"));
    expect($("title").text()).toContain(evil("title"));
    expect($(".article__standfirst").text()).toBe(evil("summary"));
    expect($(".byline__authors a").text()).toBe(evil("author"));
    expect($(".byline__source").text()).toBe(evil("source"));
    expect($(".dateline").text()).toContain(evil("dateline").toUpperCase());
    expect($(".dateline").text()).toContain(`(${evil("source")})`);
    expect($(".figure--hero img").attr("alt")).toBe(evil("alt"));
    expect($(".figure--hero .figure__caption").text()).toBe(evil("caption"));
    expect($(".figure--hero .figure__credit").text()).toContain(evil("credit"));
    expect(
      $("img")
        .toArray()
        .map((img) => $(img).attr("alt")),
    ).toContain(evil("galleryalt"));
    expect($("figcaption").text()).toContain(evil("gallerycaption"));
    expect($("body").text()).toContain(evil("credits"));
    expect($("body").text()).toContain(evil("correction"));
    expect(
      $("a")
        .toArray()
        .map((a) => $(a).text()),
    ).toContain(evil("tag"));
  });

  it("keeps values intact in head metadata attributes", async () => {
    const $ = await site.page(url);
    expect($('meta[name="description"]').attr("content")).toBe(evil("summary"));
    expect($('meta[property="og:title"]').attr("content")).toBe(evil("title"));
    expect($('meta[property="og:image:alt"]').attr("content")).toBe(evil("alt"));
    expect($('meta[name="twitter:image:alt"]').attr("content")).toBe(evil("alt"));
  });

  it("puts values into JSON-LD as JSON strings that cannot close the script", async () => {
    const $ = await site.page(url);
    const blocks = $('script[type="application/ld+json"]')
      .toArray()
      .map((el) => $(el).html() ?? "");
    expect(blocks.length).toBeGreaterThan(0);
    for (const raw of blocks) expect(raw.toLowerCase()).not.toContain("</script");
    const text = blocks.map((raw) => JSON.stringify(JSON.parse(raw))).join("\n");
    expect(text).toContain(JSON.stringify(evil("title")));
  });

  it("escapes tag and author names on their own pages", async () => {
    const files = await site.files();
    const tagPage = files.find(
      (f) => f.startsWith("tag/") && f.endsWith("index.html") && !f.includes("water"),
    );
    const authorPage = files.find((f) => f.startsWith("author/") && f.endsWith("index.html"));
    expect(tagPage).toBeDefined();
    expect(authorPage).toBeDefined();
    const tag = await site.page(tagPage as string);
    expectNoScript(tag);
    expect(tag("h1").text()).toContain(evil("tag"));
    const author = await site.page(authorPage as string);
    expectNoScript(author);
    expect(author("body").text()).toContain(evil("author"));
  });

  it("escapes a static page's title and summary", async () => {
    const $ = await site.page("/about/");
    expectNoScript($);
    expect($("h1").text()).toBe(evil("pagetitle"));
    expect($('meta[name="description"]').attr("content")).toBe(evil("pagesummary"));
  });

  it("escapes article fields in listings: home and section pages", async () => {
    for (const page of ["/", "/politics/"]) {
      const $ = await site.page(page);
      expectNoScript($);
      expect($("body").text()).toContain(evil("title"));
    }
  });

  it("keeps feeds well-formed, the title exact in each", async () => {
    const parser = new XMLParser({ ignoreAttributes: false, cdataPropName: "cdata" });
    const rss = await site.read("feed.xml");
    expect(XMLValidator.validate(rss)).toBe(true);
    expect(parser.parse(rss).rss.channel.item.title.cdata).toBe(evil("title"));
    const atom = await site.read("atom.xml");
    expect(XMLValidator.validate(atom)).toBe(true);
    const entryTitle = parser.parse(atom).feed.entry.title;
    // Atom's type="html" title is HTML: decoded, it is the title as written.
    expect(entryTitle["@_type"]).toBe("html");
    expect(load(entryTitle.cdata).text()).toBe(evil("title"));
    expect(JSON.parse(await site.read("feed.json")).items[0].title).toBe(evil("title"));
  });

  it("keeps every generated HTML page free of script and event handlers", async () => {
    const pages = (await site.files()).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(5);
    // The search page runs the theme's own search script (its filters list tag and author names).
    const searchScript = /^\/assets\/search\.[0-9a-f]+\.js$/;
    expect(pages).toContain("search/index.html");
    for (const page of pages) {
      expectNoScript(
        await site.page(page),
        page === "search/index.html" ? searchScript : undefined,
      );
    }
  });
});
