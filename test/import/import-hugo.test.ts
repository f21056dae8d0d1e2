import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  embedShown,
  expectMoved,
  expectNoTrace,
  expectReportLines,
  fixture,
  type ImportedSite,
  importAndBuild,
  type MovedStory,
  pullquoteShown,
} from "./imported-site.js";

/** Every published page of the Hugo site, where Hugo served it and where it is now. */
const published: MovedStory[] = [
  {
    title: "Swing bridge reopens after six weeks",
    // The news section's permalink is /:year/:month/:slug/, and :slug is the urlized title.
    oldUrl: "/2026/05/swing-bridge-reopens-after-six-weeks/",
    newUrl: "/news/2026/05/04/bridge-reopens/",
  },
  {
    title: "Swing bridge reopens after six weeks",
    oldUrl: "/old/bridge-reopens/",
    newUrl: "/news/2026/05/04/bridge-reopens/",
  },
  {
    // Same slug on the same day as the story above: the later one gets a suffix.
    title: "Bridge tolls stay the same",
    oldUrl: "/2026/05/bridge-reopens/",
    newUrl: "/news/2026/05/04/bridge-reopens-2/",
  },
  {
    title: "Ferry fares rise by a tenth",
    oldUrl: "/2026/05/ferry-fares-rise-by-a-tenth/",
    newUrl: "/news/2026/05/05/ferry-fares/",
  },
  {
    title: "Harbour festival draws record crowds",
    oldUrl: "/2026/05/harbour-festival-draws-record-crowds/",
    newUrl: "/news/2026/05/10/harbour-festival/",
  },
  {
    title: "Fog closed the estuary to shipping for most of Friday…",
    // No title: Hugo's :slug was empty, so the page was served at the month's folder.
    oldUrl: "/2026/05/",
    newUrl: "/news/2026/05/15/missing-title/",
  },
  { title: "Spring tide times", oldUrl: "/tide-times/", newUrl: "/news/2026/05/17/tides/" },
];

describe("newsdeck import hugo", () => {
  let imported: ImportedSite;

  beforeAll(async () => {
    imported = await importAndBuild({ format: "hugo", source: fixture("import-hugo") });
  });
  afterAll(() => imported.cleanup());

  it("exits 1 and lists the one file Hugo could not read either, located", async () => {
    expect(imported.result.exitCode).toBe(1);
    const unreadable = imported.result.notes.filter((note) => note.code === "FileUnreadable");
    expect(unreadable).toEqual([
      expect.objectContaining({ file: "content/news/broken.md", line: 3 }),
    ]);
    expect(imported.result.counts).toMatchObject({ articles: 9, pages: 1 });
  });

  it.each(published.map((story) => [story.oldUrl, story]))(
    "a published page Hugo served at %s has a page at its new URL and a redirect from the old one",
    async (_, story) => {
      await expectMoved(imported.site, story);
    },
  );

  it("drafts, expired pages and one whose expiry is at its date leave no trace, nor their images", async () => {
    const output = await imported.allOutputText();
    expectNoTrace(output, [
      "DRAFT",
      "Lock gates",
      "EXPIRED",
      "Car park",
      "carpark",
      "Flood defences",
      "flood-defences",
    ]);
  });

  it("reads YAML as Hugo did: byte-order mark, blank lines first, a repeated key, an unindented quoted line", async () => {
    const text = await imported.source("content/articles/2026/05/flood-defences.md");
    expect(text).toContain("title: Flood defences planned for the lower town\n");
    expect(text).toContain(
      "summary: The council will build a wall along the river, from the mill to the quay.\n",
    );
    expect(text).toContain("draft: true\n");
    expect(text).not.toMatch(/^expires:/m);
    const lines = await imported.reportLines();
    expectReportLines(lines, [
      "content/news/flood-defences.md:1  ByteOrderMark",
      "content/news/flood-defences.md:1  LeadingBlankLines",
      "content/news/flood-defences.md:5  DuplicateKey",
      "content/news/flood-defences.md:7  ExpiryBeforeDate",
      "content/news/flood-defences.md:9  QuotedContinuation",
    ]);
  });

  it("takes publishDate over date, as Hugo publishes by it", async () => {
    const tides = await imported.source("content/articles/2026/05/tides.md");
    expect(tides).toContain("date: 2026-05-17T07:30:00+01:00\n");
  });

  it("reads TOML and JSON front matter, and a page bundle's resources", async () => {
    const $ = await imported.site.page("/news/2026/05/05/ferry-fares/");
    expect($(".article__body figure figcaption").text()).toBe("Fares since 2020");
    expect($(".article__body figure img").attr("alt")).toBe("Fares chart");
    const timetable = $(".article__body a")
      .filter((_, a) => $(a).text() === "timetable")
      .attr("href");
    expect(timetable).toBe("/2026/05/ferry-fares-rise-by-a-tenth/timetable.pdf");
    expect(existsSync(path.join(imported.site.outDir, timetable ?? "-"))).toBe(true);
    const festival = await imported.source("content/articles/2026/05/harbour-festival.md");
    expect(festival).toContain("date: 2026-05-10T18:00:00+01:00\n");
    expect(festival).toContain("updated: 2026-05-11T09:00:00+01:00\n");
    expect(festival).toContain("# weight: 3\n# toc: true\n");
  });

  it("converts shortcodes: figure, youtube, vimeo, x, relref, highlight, and an escaped one", async () => {
    const $ = await imported.site.page("/news/2026/05/04/bridge-reopens/");
    const body = $(".article__body");
    expect(body.find("figure figcaption").text()).toBe("The bridge, open to boats");
    expect(body.find("figure img").attr("alt")).toBe("The swing bridge open to boats");
    expect(embedShown(body.find("figure.embed")).src).toBe(
      "https://www.youtube.com/embed/Lb7kQwR2ghi?autoplay=1",
    );
    expect(body.find('a[href="/news/2026/05/05/ferry-fares/"]').text()).toBe("ferry fares");
    expect(body.find('a[href="/news/2026/05/17/tides/#spring"]').text()).toBe("tide times");
    expect(body.find("code.language-go").text()).toContain("time.Date(2026, 5, 4");
    expect(body.find("p code").text()).toBe('{{< youtube id="..." >}}');
    expect(body.text()).not.toContain("newsletter-signup");
    const $festival = await imported.site.page("/news/2026/05/10/harbour-festival/");
    expect(embedShown($festival('.article__body figure.embed[data-embed-src*="vimeo"]')).link).toBe(
      "https://vimeo.com/312345678",
    );
    expect(
      $festival('.article__body a[href="https://x.com/TidewaterWeekly/status/1790000000000000002"]')
        .length,
    ).toBe(1);
    expect($festival("figure.figure--hero img").attr("alt")).toBe("festival");
  });

  it("writes a site's pull quote shortcode and a framed chart as story blocks, and keeps text that reads as one as text", async () => {
    const markdown = await imported.source("content/articles/2026/05/harbour-festival.md");
    expect(markdown).toContain(
      ':::pullquote{cite="Ama Mensah, festival director"}\nWe planned for eight thousand. The harbour found room for **twelve**.\n:::',
    );
    expect(markdown).toContain(
      '::embed{url="https://charts.tidewater-data.example/embed/visitors-by-hour/" title="Visitors by hour"}',
    );
    expect(markdown).toContain("\\:::note\nShuttle buses ran");
    const $ = await imported.site.page("/news/2026/05/10/harbour-festival/");
    const body = $(".article__body");
    expect(pullquoteShown(body.find("figure.pullquote"))).toEqual({
      quote: "We planned for eight thousand. The harbour found room for twelve.",
      cite: "Ama Mensah, festival director",
    });
    expect(body.find("figure.pullquote blockquote strong").text()).toBe("twelve");
    expect(embedShown(body.find('figure.embed[data-embed-src*="tidewater-data"]'))).toEqual({
      src: "https://charts.tidewater-data.example/embed/visitors-by-hour/",
      link: "https://charts.tidewater-data.example/embed/visitors-by-hour/",
      title: "Play: Visitors by hour",
      caption: "",
    });
    expect(body.find("p").last().text().replace(/\s+/g, " ")).toBe(
      ":::note Shuttle buses ran every twenty minutes from the station. :::",
    );
    const lines = await imported.reportLines();
    expect(lines.filter((line) => /pullquote/.test(line))).toEqual([]);
  });

  it("uses the sections' titles, the site's zone, and copies static/ except what would clash", async () => {
    const config = await imported.source("newsdeck.config.ts");
    expect(config).toContain('title: "Estuary News"');
    expect(config).toContain('timezone: "Europe/London"');
    expect(config).toContain(
      'allow: ["charts.tidewater-data.example", "player.vimeo.com", "www.youtube.com"]',
    );
    expect(await imported.site.read("robots.txt")).toBe("User-agent: *\nAllow: /\n");
    // The generated 404 page, not the old site's.
    expect(await imported.site.read("404.html")).toContain("Tidewater Weekly");
    const lines = await imported.reportLines();
    expect(lines).toContain(
      "public/404.html  FileNotCopied  the file would overwrite a page the new site generates and was not copied",
    );
  });

  it("reports the rest, located: a missing title, an own-URL alias, merged tags, unknown fields, missing images", async () => {
    const lines = await imported.reportLines();
    expectReportLines(lines, [
      "content/news/bridge-reopens.md:7  AliasIsOwnUrl  the old URL /news/2026/05/04/bridge-reopens/ is the new URL",
      "content/news/bridge-reopens.md:24  ShortcodeNotConverted",
      "content/news/bridge-reopens.md:28  ImageMissing  /images/missing-map.jpg",
      "content/news/bridge-reopens.md:4  TagsMerged",
      "content/news/bridge-tolls.md:4  SlugSuffixed",
      "content/news/harbour-festival.md:3  DateWithoutZone",
      'content/news/harbour-festival.md:8  FieldUnknown  "weight"',
      "content/news/missing-title.md:1  TitleMissing",
      "content/news/shared-images/index.md:1  ItemSkipped",
    ]);
  });
});
