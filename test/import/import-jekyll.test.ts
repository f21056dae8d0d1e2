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
} from "./imported-site.js";

/** Every published post of the Jekyll site, where Jekyll served it and where it is now. */
const published: MovedStory[] = [
  {
    title: "Saturday market returns to the square",
    oldUrl: "/community/2026/05/02/market-day.html",
    newUrl: "/community/2026/05/02/market-day/",
  },
  {
    title: "Saturday market returns to the square",
    oldUrl: "/market/",
    newUrl: "/community/2026/05/02/market-day/",
  },
  {
    // Jekyll titled it from its file name.
    title: "Rain Forecast",
    oldUrl: "/weather/2026/05/03/rain-forecast.html",
    newUrl: "/weather/2026/05/03/rain-forecast/",
  },
  {
    // Same slug, same day, same category folder: Jekyll gave both one URL, which stays with
    // the first; this one gets a suffix and no redirect (the report says so).
    title: "Market traders ask for more shelter",
    oldUrl: undefined,
    newUrl: "/community/2026/05/02/market-day-2/",
  },
  {
    title: "Quay repairs start next week",
    oldUrl: "/harbour/2026/05/05/quay-repairs.html",
    newUrl: "/harbour/2026/05/05/quay-repairs/",
  },
  {
    title: "Harbour night lights up the water",
    oldUrl: "/special/harbour-night/",
    newUrl: "/harbour/2026/05/09/harbour-night/",
  },
];

describe("newsdeck import jekyll", () => {
  let imported: ImportedSite;

  beforeAll(async () => {
    imported = await importAndBuild({ format: "jekyll", source: fixture("import-jekyll") });
  });
  afterAll(() => imported.cleanup());

  it("imports every post, draft and page", () => {
    expect(imported.result.exitCode).toBe(0);
    expect(imported.result.counts).toMatchObject({ articles: 9, drafts: 3, pages: 1 });
  });

  it.each(published.map((story) => [story.newUrl, story]))(
    "the published post now at %s has its page, and a redirect from where Jekyll served it",
    async (_, story) => {
      await expectMoved(imported.site, story);
    },
  );

  it("unpublished posts, drafts, an expired post and one expiring at its date leave no trace", async () => {
    expectNoTrace(await imported.allOutputText(), [
      "UNPUBLISHED",
      "School fete",
      "DRAFT",
      "Council budget",
      "EXPIRYTRICK",
      "water-notice",
      "EXPIRED",
      "road-closure",
    ]);
  });

  it("converts Liquid as Jekyll rendered it", async () => {
    const $ = await imported.site.page("/community/2026/05/02/market-day/");
    const body = $(".article__body");
    expect(body.find("img[alt='A stall selling bread']").length).toBe(1);
    expect(
      body
        .find('a[href="/weather/2026/05/03/rain-forecast/"]')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(["the forecast", "again"]);
    expect(body.find("code.language-ruby").text()).toContain('puts "market opens at #{opening}"');
    expect(body.text()).toContain("Templates write {{ page.title }} literally here.");
    expect(embedShown(body.find("figure.embed")).link).toBe(
      "https://www.youtube.com/watch?v=Lp9xYzQ4def",
    );
    expect(body.text()).toContain("Market hours may change in bad weather.");
    expect(body.text()).toContain("This story is featured.");
    expect(body.text()).toContain(
      "The stalls open at 08:00 on saturday market returns to the square.",
    );
    expect(body.text()).not.toMatch(/\{[%:]|TOC/);
  });

  it("turns a YouTube frame pasted into a post into an embed block, and allows the player's host", async () => {
    const markdown = await imported.source("content/articles/2026/05/harbour-night.md");
    expect(markdown).toContain(
      '\n::embed{url="https://www.youtube.com/watch?v=Hn4bWq7Rt2k" title="Lanterns on the water"}\n',
    );
    const $ = await imported.site.page("/harbour/2026/05/09/harbour-night/");
    expect(embedShown($(".article__body figure.embed"))).toEqual({
      src: "https://www.youtube.com/embed/Hn4bWq7Rt2k?autoplay=1",
      link: "https://www.youtube.com/watch?v=Hn4bWq7Rt2k",
      title: "Play: Lanterns on the water",
      caption: "",
    });
    expect($(".article__body p").last().text()).toBe(
      "The lanterns were made by pupils of the harbour school.",
    );
    expect(await imported.source("newsdeck.config.ts")).toContain('allow: ["www.youtube.com"]');
  });

  it("reads front matter as Jekyll did: defaults, split tag strings, a repeated key, an unindented quoted line", async () => {
    const market = await imported.source("content/articles/2026/05/market-day.md");
    expect(market).toContain("authors:\n  - Echo Staff\n");
    expect(market).toContain("tags:\n  - Market\n  - local\n");
    expect(market).toContain("  src: ./market-day/market.jpg\n");
    const quay = await imported.source("content/articles/2026/05/quay-repairs.md");
    expect(quay).toContain("title: Quay repairs start next week\n");
    expect(quay).toContain("summary: Repairs to the quay start on Monday and last a month.\n");
    expect(quay).toContain("# comments: true\n");
  });

  it("lists what it normalised and what it converted with a loss, located", async () => {
    const lines = await imported.reportLines();
    expectReportLines(lines, [
      "_posts/2026-05-02-market-day.md:6  AliasIsOwnUrl  the old URL /community/2026/05/02/market-day/ is the new URL",
      "_posts/2026-05-02-market-day.md:11  MarkupRemoved  kramdown's * TOC {:toc}",
      "_posts/2026-05-02-market-day.md:15  MarkupRemoved  kramdown's {: .lead}",
      "_posts/2026-05-02-market-day.md:31  LiquidNotConverted  {% if page.featured %}",
      "_posts/2026-05-02-market-day.md:35  ImageMissing  /assets/img/gone.jpg",
      "_posts/2026-05-03-rain-forecast.md:1  TitleMissing",
      '_posts/2026-05-03-rain-forecast.md:4  TagsMerged  the tag "weather" became "Weather"',
      "_posts/2026-05-05-quay-repairs.md:1  ByteOrderMark",
      "_posts/2026-05-05-quay-repairs.md:1  LeadingBlankLines",
      "_posts/2026-05-05-quay-repairs.md:4  DuplicateKey",
      "_posts/2026-05-05-quay-repairs.md:8  QuotedContinuation",
      "_posts/2026-05-07-water-notice.md:4  ExpiryBeforeDate",
      "community/_posts/2026-05-02-market-day.md:1  SlugSuffixed",
      "community/_posts/2026-05-02-market-day.md:1  AliasClash  the old URL /community/2026/05/02/market-day.html",
      "community/_posts/2026-05-02-market-day.md:3  DateWithoutZone",
    ]);
  });

  it("keeps the static page at its name", async () => {
    const $ = await imported.site.page("/about/");
    expect($("main").text()).toContain("written by volunteers");
  });
});
