import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite, testNow } from "../helpers/build-site.js";
import { hiddenMarkers, newsroomTree, scriptTitle, trickyTitle } from "./newsroom-tree.js";
import { parseXml } from "./parse-xml.js";

const base = "https://news.test";
const budget = `${base}/politics/2026/11/27/council-budget/`;
const clinic = `${base}/health/2026/11/26/clinic-queues/`;
const scriptVote = `${base}/politics/2026/11/20/script-vote/`;
const wire = `${base}/health/2026/11/10/wire-copy/`;

const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Text of an HTML fragment, as a feed reader would show it. */
function htmlText(html: string): string {
  return cheerio.load(html).root().text();
}

describe("the feeds of a newsroom", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite(await newsroomTree());
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it("lists published articles newest first in RSS 2.0, with absolute links and RFC 822 dates", async () => {
    const { rss } = parseXml(await site.read("feed.xml"));
    const channel = rss.channel;
    expect(rss["@_version"]).toBe("2.0");
    expect(channel.title).toBe("The Test Ledger & Co");
    expect(channel.link).toBe(`${base}/`);
    expect(channel.language).toBe("en-ZA");
    expect(channel["atom:link"]["@_href"]).toBe(`${base}/feed.xml`);
    expect(channel.item.map((item: { link: string }) => item.link)).toEqual([
      budget,
      clinic,
      scriptVote,
      wire,
    ]);
    const [first] = channel.item;
    expect(first.guid["#text"]).toBe(budget);
    expect(first.pubDate).toMatch(rfc822);
    // pubDate is the publication time; the update shows in Atom and JSON Feed.
    expect(Date.parse(first.pubDate)).toBe(Date.parse("2026-11-27T08:00:00+02:00"));
  });

  it("carries the full body with absolute URLs, categories, bylines and the hero image in RSS", async () => {
    const [first] = parseXml(await site.read("feed.xml")).rss.channel.item;
    expect(first.title).toBe(trickyTitle);
    expect(htmlText(first.description)).toBe(
      "The council passed the budget <finally> & went home.",
    );
    const body = cheerio.load(first["content:encoded"]);
    expect(body.root().text()).toContain("The vote ended ]]> a long night.");
    expect(
      body("a")
        .map((_, a) => body(a).attr("href"))
        .get(),
    ).toEqual([`${base}/about/`, `${budget}#note`]);
    expect(body("img").attr("src")).toMatch(
      /^https:\/\/news\.test\/images\/council-chart-.+\.jpg$/,
    );
    expect(
      first.category.map((c: { "#text": string; "@_domain": string }) => [
        c["#text"],
        c["@_domain"],
      ]),
    ).toEqual([
      ["Politics", `${base}/politics/`],
      ["Elections", `${base}/tag/elections/`],
      ["Arts & Culture", `${base}/tag/arts-and-culture/`],
    ]);
    expect(first["dc:creator"].map((c: { "#text": string }) => c["#text"])).toEqual([
      "Thandi Mokoena",
      "Sipho Ndlovu",
    ]);
    expect(first.enclosure["@_url"]).toMatch(
      /^https:\/\/news\.test\/images\/council-budget-.+\.jpg$/,
    );
    expect(first.enclosure["@_type"]).toBe("image/jpeg");
    const media = first["media:content"];
    expect(media["@_url"]).toBe(first.enclosure["@_url"]);
    expect([media["@_width"], media["@_height"], media["@_medium"]]).toEqual([
      "120",
      "80",
      "image",
    ]);
    expect(media["media:description"]).toBe("Councillors voting");
  });

  it("writes Atom 1.0 with RFC 3339 dates, the update time, authors and the hero as an enclosure", async () => {
    const { feed } = parseXml(await site.read("atom.xml"));
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe(`${base}/`);
    expect(feed.link.find((l: { "@_rel": string }) => l["@_rel"] === "self")["@_href"]).toBe(
      `${base}/atom.xml`,
    );
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual([budget, clinic, scriptVote, wire]);
    const [first, second] = feed.entry;
    expect(first.published).toMatch(rfc3339);
    expect(Date.parse(first.published)).toBe(Date.parse("2026-11-27T08:00:00+02:00"));
    expect(Date.parse(first.updated)).toBe(Date.parse("2026-11-28T09:00:00+02:00"));
    expect(Date.parse(second.updated)).toBe(Date.parse(second.published));
    // The title is declared type="html": the HTML text is the plain headline.
    expect(first.title["@_type"]).toBe("html");
    expect(htmlText(first.title["#text"])).toBe(trickyTitle);
    expect(first.author).toEqual([
      { name: "Thandi Mokoena", uri: `${base}/author/thandi-mokoena/` },
      { name: "Sipho Ndlovu", uri: `${base}/author/sipho-ndlovu/` },
    ]);
    expect(first.category.map((c: { "@_term": string }) => c["@_term"])).toEqual([
      "Politics",
      "Elections",
      "Arts & Culture",
    ]);
    const enclosure = first.link.find((l: { "@_rel"?: string }) => l["@_rel"] === "enclosure");
    expect(enclosure["@_type"]).toBe("image/jpeg");
    expect(enclosure["@_href"]).toMatch(/^https:\/\/news\.test\/images\/council-budget-.+\.jpg$/);
    expect(cheerio.load(first.content["#text"])("a").first().attr("href")).toBe(`${base}/about/`);
    // Entries without a byline fall back to the feed's author, as Atom requires one.
    expect(second.author).toBeUndefined();
    expect(feed.author[0].name).toBe("The Test Ledger & Co");
  });

  it("writes JSON Feed 1.1 with authors, tags, image and both dates", async () => {
    const feed = JSON.parse(await site.read("feed.json"));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${base}/feed.json`);
    expect(feed.home_page_url).toBe(`${base}/`);
    expect(feed.language).toBe("en-ZA");
    expect(feed.items.map((item: { id: string }) => item.id)).toEqual([
      budget,
      clinic,
      scriptVote,
      wire,
    ]);
    const [first, second] = feed.items;
    expect(first.title).toBe(trickyTitle);
    expect(first.url).toBe(budget);
    expect(first.date_published).toBe("2026-11-27T08:00:00+02:00");
    expect(first.date_modified).toBe("2026-11-28T09:00:00+02:00");
    expect(first.authors).toEqual([
      { name: "Thandi Mokoena", url: `${base}/author/thandi-mokoena/` },
      { name: "Sipho Ndlovu", url: `${base}/author/sipho-ndlovu/` },
    ]);
    expect(first.tags).toEqual(["Elections", "Arts & Culture"]);
    expect(first.image).toMatch(/^https:\/\/news\.test\/images\/council-budget-.+\.jpg$/);
    expect(first.summary).toBe("The council passed the budget <finally> & went home.");
    expect(htmlText(first.content_html)).toContain("The vote ended ]]> a long night.");
    expect(second.date_modified).toBeUndefined();
    expect(second.authors).toBeUndefined();
    expect(second.content_html).toContain("DURBAN");
  });

  it("dates each feed by its newest item's modified time, never the build clock", async () => {
    const rss = parseXml(await site.read("feed.xml")).rss.channel;
    const atom = parseXml(await site.read("atom.xml")).feed;
    const newest = Date.parse("2026-11-28T09:00:00+02:00");
    expect(Date.parse(rss.lastBuildDate)).toBe(newest);
    expect(Date.parse(atom.updated)).toBe(newest);
    const health = parseXml(await site.read("health/feed.xml")).rss.channel;
    expect(Date.parse(health.lastBuildDate)).toBe(Date.parse("2026-11-26T10:00:00+02:00"));
  });

  it("writes an RSS feed of summaries for each section and tag", async () => {
    const politics = parseXml(await site.read("politics/feed.xml")).rss.channel;
    expect(politics.title).toBe("Politics | The Test Ledger & Co");
    expect(politics.link).toBe(`${base}/politics/`);
    expect(politics["atom:link"]["@_href"]).toBe(`${base}/politics/feed.xml`);
    expect(politics.item.map((item: { link: string }) => item.link)).toEqual([budget, scriptVote]);
    expect(politics.item[0]["content:encoded"]).toBeUndefined();
    expect(htmlText(politics.item[0].description)).toBe(
      "The council passed the budget <finally> & went home.",
    );

    const health = parseXml(await site.read("health/feed.xml")).rss.channel;
    expect(health.title).toBe("Health & Care | The Test Ledger & Co");
    expect(health.item.map((item: { link: string }) => item.link)).toEqual([clinic, wire]);

    const elections = parseXml(await site.read("tag/elections/feed.xml")).rss.channel;
    expect(elections.title).toBe("Topic: Elections | The Test Ledger & Co");
    expect(elections.item.map((item: { link: string }) => item.link)).toEqual([budget, scriptVote]);
    expect(elections.item[1].title).toBe(scriptTitle);

    const arts = parseXml(await site.read("tag/arts-and-culture/feed.xml")).rss.channel;
    expect(arts.item.map((item: { link: string }) => item.link)).toEqual([budget]);
  });

  it("puts no draft, embargoed or expired article in any feed", async () => {
    const feeds = (await site.files()).filter((f) =>
      /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(f),
    );
    expect(feeds).toContain("feed.xml");
    expect(feeds).toContain("politics/feed.xml");
    expect(feeds.length).toBeGreaterThanOrEqual(8);
    for (const file of feeds) {
      const text = (await site.read(file)).toLowerCase();
      for (const marker of hiddenMarkers)
        expect(text, `${file} mentions ${marker}`).not.toContain(marker);
    }
    // The hidden articles' tags get no page, hence no feed.
    expect(feeds.some((f) => f.includes("zebracorn"))).toBe(false);
  });
});

describe("feed dates", () => {
  it("gives byte-identical feeds when only --now moves and the published set stays the same", async () => {
    const tree = await newsroomTree();
    const early = await buildSite(tree);
    const late = await buildSite(tree, { now: testNow + 3_600_000 });
    try {
      for (const file of ["feed.xml", "atom.xml", "feed.json", "politics/feed.xml"]) {
        expect(await late.read(file), file).toBe(await early.read(file));
      }
    } finally {
      await early.cleanup();
      await late.cleanup();
    }
  });
});

describe("the feeds of a preview build", () => {
  it("never carry a draft or embargoed article, although --drafts --future render their pages", async () => {
    const site = await buildSite(await newsroomTree(), { drafts: true, future: true });
    try {
      expect(site.result.exitCode).toBe(0);
      const files = await site.files();
      expect(files).toContain("politics/2026/11/25/zebracorn-draft/index.html");
      // A tag only previewed articles carry gets a page but no feed.
      expect(files).toContain("tag/quokkafuture/index.html");
      expect(files).not.toContain("tag/quokkafuture/feed.xml");
      const feeds = files.filter((f) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(f));
      expect(feeds.length).toBeGreaterThanOrEqual(8);
      for (const file of feeds) {
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

describe("feed settings", () => {
  it("caps every feed at feeds.items, newest first", async () => {
    const site = await buildSite(await newsroomTree({ feeds: { items: 2 } }));
    try {
      expect(site.result.exitCode).toBe(0);
      const rss = parseXml(await site.read("feed.xml")).rss.channel;
      expect(rss.item.map((item: { link: string }) => item.link)).toEqual([budget, clinic]);
      const atom = parseXml(await site.read("atom.xml")).feed;
      expect(atom.entry).toHaveLength(2);
      expect(JSON.parse(await site.read("feed.json")).items).toHaveLength(2);
      const elections = parseXml(await site.read("tag/elections/feed.xml")).rss.channel;
      expect(elections.item).toHaveLength(2);
    } finally {
      await site.cleanup();
    }
  });

  it("carries summaries only when feeds.content is summary", async () => {
    const site = await buildSite(await newsroomTree({ feeds: { content: "summary" } }));
    try {
      expect(site.result.exitCode).toBe(0);
      const [first] = parseXml(await site.read("feed.xml")).rss.channel.item;
      expect(first["content:encoded"]).toBeUndefined();
      expect(htmlText(first.description)).toBe(
        "The council passed the budget <finally> & went home.",
      );
      const [entry] = parseXml(await site.read("atom.xml")).feed.entry;
      expect(entry.content).toBeUndefined();
      const [item] = JSON.parse(await site.read("feed.json")).items;
      expect(item.content_html).toBeUndefined();
      expect(item.content_text).toBe("The council passed the budget <finally> & went home.");
    } finally {
      await site.cleanup();
    }
  });
});
