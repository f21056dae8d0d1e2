import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { importSite } from "../../src/import/import-site.js";
import { hashOutputFiles } from "../helpers/build-site.js";
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

const exportFile = fixture("import-wordpress", "export.xml");
const uploads = fixture("import-wordpress", "uploads");

/** Every published post of the export, where the old site had it and where it is now. */
const published: MovedStory[] = [
  {
    title: "Ferry timetable changes for the winter months",
    oldUrl: "/2026/05/14/ferry-timetable-changes/",
    newUrl: "/news/2026/05/14/ferry-timetable-changes/",
  },
  {
    title: "Ferry timetable changes for the winter months",
    oldUrl: "/2026/05/14/winter-ferry-times/",
    newUrl: "/news/2026/05/14/ferry-timetable-changes/",
  },
  {
    title: "Council votes to rebuild the harbour wall",
    oldUrl: "/2026/05/18/harbour-wall-vote/",
    newUrl: "/news/2026/05/18/harbour-wall-vote/",
  },
  {
    title: "Storm warning for the harbour this week",
    oldUrl: "/2026/05/20/storm-warning/",
    newUrl: "/news/2026/05/20/storm-warning/",
  },
  {
    title: "Storm warning lifted for small boats",
    oldUrl: "/2026/05/20/storm-warning-lifted/",
    newUrl: "/news/2026/05/20/storm-warning-2/",
  },
  {
    title: "Harbour pilots stop work over shift rules",
    oldUrl: "/2026/05/22/pilots-stop-work/",
    newUrl: "/news/2026/05/22/pilots-stop-work/",
  },
  {
    title: "Spotted: a pod of dolphins off the north pier at…",
    oldUrl: "/2026/05/25/125/",
    newUrl: "/news/2026/05/25/125/",
  },
  {
    title: "Rates & fees: what the new budget means",
    oldUrl: "/2026/05/26/café-rates/",
    newUrl: "/sport/2026/05/26/cafe-rates/",
  },
];

/** Words only the unpublished posts carry: none may reach the output. */
const hidden = [
  "DRAFT",
  "Lighthouse keeper",
  "PRIVATE",
  "staff-rota",
  "PASSWORD",
  "members-results",
  "seagull",
  "FUTURE",
  "christmas-lights",
  "EXPIRYTRICK",
  "beach-closed",
  "EXPIRED",
  "road-works",
];

describe("newsdeck import wordpress", () => {
  let imported: ImportedSite;

  beforeAll(async () => {
    imported = await importAndBuild({ format: "wordpress", source: exportFile, uploads });
  });
  afterAll(() => imported.cleanup());

  it("imports every post and page, and reads the whole export", () => {
    expect(imported.result.exitCode).toBe(0);
    expect(imported.result.counts).toMatchObject({ articles: 13, drafts: 4, pages: 2, authors: 2 });
  });

  it.each(published.map((story) => [story.oldUrl, story]))(
    "a published post served at %s has a page at its new URL and a redirect from the old one",
    async (_, story) => {
      await expectMoved(imported.site, story);
    },
  );

  it("drafts, private, password-protected, scheduled and expired posts leave no trace", async () => {
    expectNoTrace(await imported.allOutputText(), hidden);
  });

  it("turns Gutenberg blocks into Markdown the build renders: figures, a YouTube embed, quotes", async () => {
    const $ = await imported.site.page("/news/2026/05/14/ferry-timetable-changes/");
    const body = $(".article__body");
    expect(body.find("h2").first().text()).toBe("What changes");
    expect(
      body
        .find("li")
        .map((_, li) => $(li).text())
        .get(),
    ).toEqual(["The 06:15 crossing moves to 06:45.", "The last boat back leaves at 17:30."]);
    expect(body.find("figure figcaption").first().text()).toBe("Stalls at the ferry terminal");
    expect(body.find("figure picture img").first().attr("alt")).toBe(
      "Stalls at the ferry terminal",
    );
    // The embed block is a story block: a link to the video until the reader presses play.
    expect(embedShown(body.find("figure.embed"))).toMatchObject({
      src: "https://www.youtube.com/embed/Fx1tDmQ2abc?autoplay=1",
      link: "https://www.youtube.com/watch?v=Fx1tDmQ2abc",
      caption: "The operator’s briefing",
    });
    expect(await imported.source("content/articles/2026/05/ferry-timetable-changes.md")).toContain(
      '\n::embed[The operator\'s briefing]{url="https://www.youtube.com/watch?v=Fx1tDmQ2abc"}\n',
    );
    // A quote is a quotation, not a pull quote.
    expect(body.find("blockquote").text()).toContain("four reliable crossings");
    expect(body.find("figure.pullquote").length).toBe(0);
    expect(body.find('a[href="/news/2026/05/20/storm-warning/"]').text()).toBe("storm warning");
    expect(body.text()).not.toContain("wp:");
  });

  it("turns classic shortcodes into figures, a gallery and embeds, and drops scripts and plugin shortcodes", async () => {
    const $ = await imported.site.page("/news/2026/05/18/harbour-wall-vote/");
    const body = $(".article__body");
    const captions = body
      .find("figure figcaption")
      .map((_, c) => $(c).text())
      .get();
    expect(captions).toEqual(
      expect.arrayContaining([
        "The eastern wall after the April storm",
        "Boats back in port before the storm",
      ]),
    );
    expect(body.find("img[alt='Cracks in the harbour wall at low tide']").length).toBe(1);
    expect(embedShown(body.find("figure.embed")).link).toBe(
      "https://www.youtube.com/watch?v=Qw8rTnM3xyz",
    );
    expect(
      body.find('a[href="https://x.com/harbourcouncil/status/1790000000000000001"]').length,
    ).toBe(1);
    expect(body.find('a[href="/news/2026/05/14/ferry-timetable-changes/"]').text()).toBe(
      "last week",
    );
    expect(body.html()).not.toContain("trackVote");
    expect(body.text()).not.toMatch(/\[(?:caption|gallery|embed|contact-form-7)/);
    expect(body.find("p").first().text()).toContain("Councillors voted 9 to 2");
    // The gallery shows an image the ferry story has too: one copy, beside the first story.
    const markdown = await imported.source("content/articles/2026/05/harbour-wall-vote.md");
    expect(markdown).toContain("](./ferry-timetable-changes/market-stalls.png)");
    expect(
      existsSync(
        path.join(
          imported.site.root,
          "content/articles/2026/05/harbour-wall-vote/market-stalls.png",
        ),
      ),
    ).toBe(false);
  });

  it("turns a pull quote block into a pull quote and a framed chart into an embed of its host", async () => {
    const markdown = await imported.source("content/articles/2026/05/pilots-stop-work.md");
    expect(markdown).toContain(
      ':::pullquote{cite="The pilots\' association"}\nNo ship comes in without a pilot, and no pilot should bring one in after sixteen hours awake.\n:::',
    );
    expect(markdown).toContain(
      '::embed{url="https://charts.harbour-data.example/embed/arrivals-may/" title="Ship arrivals in May"}',
    );
    const $ = await imported.site.page("/news/2026/05/22/pilots-stop-work/");
    const body = $(".article__body");
    expect(pullquoteShown(body.find("figure.pullquote"))).toEqual({
      quote:
        "No ship comes in without a pilot, and no pilot should bring one in after sixteen hours awake.",
      cite: "The pilots' association",
    });
    expect(embedShown(body.find("figure.embed"))).toEqual({
      src: "https://charts.harbour-data.example/embed/arrivals-may/",
      link: "https://charts.harbour-data.example/embed/arrivals-may/",
      title: "Play: Ship arrivals in May",
      caption: "",
    });
    // The blocks sit where the post had them, between its paragraphs (the embed's facade script
    // follows its figure).
    expect(
      body
        .children()
        .map((_, element) => $(element).attr("class") ?? element.tagName)
        .get(),
    ).toEqual(["p", "block pullquote", "block embed", "script", "p"]);
  });

  it("writes valid front matter: the featured image as the hero, categories as section and tags, comment status", async () => {
    const ferry = frontMatter(
      await imported.source("content/articles/2026/05/ferry-timetable-changes.md"),
    );
    expect(ferry).toMatchObject({
      section: "news",
      tags: ["Transport", "COVID-19"],
      authors: ["Lindiwe Mahlangu"],
      summary: "Four crossings a day from June instead of six.",
      image: {
        src: "./ferry-timetable-changes/ferry-at-the-quay.jpg",
        alt: "The island ferry moored at the quay",
        caption: "The morning ferry at the quay",
      },
    });
    const wall = frontMatter(
      await imported.source("content/articles/2026/05/harbour-wall-vote.md"),
    );
    expect(wall.comments).toBe("closed");
    // Attachment 204 is not in the uploads folder: it stays where the old site served it.
    expect((wall.image as { src: string }).src).toBe(
      "https://harbour-gazette.example/wp-content/uploads/2026/05/council-chamber.jpg",
    );
    const $ = await imported.site.page("/news/2026/05/14/ferry-timetable-changes/");
    expect($("figure.figure--hero img").attr("alt")).toBe("The island ferry moored at the quay");
  });

  it("writes a config with the sections, the timezone of the export's dates and the embed hosts it used", async () => {
    const config = await imported.source("newsdeck.config.ts");
    expect(config).toContain('timezone: "Etc/GMT-2"');
    expect(config).toContain('title: "Sport & Leisure"');
    expect(config).toContain('allow: ["charts.harbour-data.example", "www.youtube.com"]');
    expect(await readFile(imported.result.reportFile, "utf8")).toContain(
      "Embeds were kept as `::embed` story blocks, which load their frame only when a reader presses play, from charts.harbour-data.example, www.youtube.com: the config now allows these hosts (`embeds.allow`).",
    );
  });

  it("lists every lossy conversion and normalisation, located in the export", async () => {
    const lines = await imported.reportLines();
    expectReportLines(lines, [
      "export.xml:29  CommentsNotImported  2 reader comments",
      'export.xml:29  TagsMerged  the tag "covid-19" became "COVID-19"',
      'export.xml:70  BlockNotConverted  the block "latest-posts"',
      "export.xml:107  EmbedAsLink  the embed of https://x.com/",
      "export.xml:107  ScriptRemoved",
      "export.xml:107  ImageNotAnImage  /wp-content/uploads/2026/05/tide-table.jpg",
      "export.xml:107  ImageMissing  /wp-content/uploads/2026/04/old-map.png",
      "export.xml:120  ShortcodeNotConverted  [contact-form-7]",
      "export.xml:164  XmlRepaired",
      "export.xml:168  SlugSuffixed",
      'export.xml:180  DateWithoutZone  "2026-05-21 10:00:00" has no zone: read in Etc/GMT-2',
      "export.xml:281  DateWithoutZone",
      "export.xml:197  PrivateStory",
      "export.xml:211  PasswordProtected",
      "export.xml:231  ExpiryBeforeDate",
      "export.xml:262  SectionDefaulted",
      "export.xml:263  TitleMissing",
      'export.xml:283  SlugChanged  the slug "café-rates" became "cafe-rates"',
      "export.xml:303  PageUrlChanged  the page at /about/team/ is now at /about-team/",
      "export.xml:357  ItemSkipped  1 item of type nav_menu_item",
    ]);
  });

  it("keeps static pages at their names", async () => {
    const $ = await imported.site.page("/about/");
    expect($("main").text()).toContain("covered the town since 1998");
    const $team = await imported.site.page("/about-team/");
    expect($team("main").text()).toContain("Three reporters and an editor.");
  });

  it("gives byte-identical output when run again", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "newsdeck-import-again-"));
    try {
      const again = path.join(parent, "site");
      await importSite({ format: "wordpress", source: exportFile, uploads, out: again });
      const first = withoutBuild(await hashOutputFiles(imported.site.root));
      expect(await hashOutputFiles(again)).toEqual(first);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});

describe("newsdeck import wordpress without --uploads", () => {
  let imported: ImportedSite;

  beforeAll(async () => {
    imported = await importAndBuild({
      format: "wordpress",
      source: exportFile,
      siteUrl: "https://harbour-gazette.example",
    });
  });
  afterAll(() => imported.cleanup());

  it("keeps attachments as remote images on the old site", async () => {
    const $ = await imported.site.page("/news/2026/05/18/harbour-wall-vote/");
    const sources = $(".article__body img")
      .map((_, img) => $(img).attr("src"))
      .get();
    expect(sources).toContain(
      "https://harbour-gazette.example/wp-content/uploads/2026/05/harbour-wall.jpg",
    );
    // A path the export names but does not hold is made absolute against --site-url.
    expect(sources).toContain(
      "https://harbour-gazette.example/wp-content/uploads/2026/04/old-map.png",
    );
    // A linked file the export does not hold is linked on the old site too.
    const notice = $(".article__body a").filter((_, a) => $(a).text() === "on the notice board");
    expect(notice.attr("href")).toBe(
      "https://harbour-gazette.example/wp-content/uploads/2026/05/tide-table.jpg",
    );
    // Remote figures keep their captions.
    expect(
      $(".article__body figure figcaption")
        .map((_, c) => $(c).text())
        .get(),
    ).toContain("The eastern wall after the April storm");
  });
});

function frontMatter(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(match, "the file starts with front matter").not.toBeNull();
  return parse(match?.[1] ?? "") as Record<string, unknown>;
}

/** The files of an imported site without the build's output. */
function withoutBuild(hashes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(hashes).filter(([file]) => !file.startsWith("dist/")));
}
