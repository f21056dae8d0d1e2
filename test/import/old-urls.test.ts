import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTree } from "../helpers/build-site.js";
import { expectReportLines, type ImportedSite, importAndBuild } from "./imported-site.js";

/** A Hugo site whose old URLs cannot all be kept: each case is a story of its own. */
const tree = {
  "hugo.toml": 'baseURL = "https://old.example/"\ntitle = "Old URLs"\n',
  "content/news/_index.md": "---\ntitle: News\n---\n",
  "content/news/spaces.md": [
    "---",
    "title: Spaces in an alias",
    "date: 2026-03-01T10:00:00Z",
    'aliases: ["/old story/", "/old-story/"]',
    "---",
    "Text.",
    "",
  ].join("\n"),
  "content/news/query.md": [
    "---",
    "title: A query in an alias",
    "date: 2026-03-02T10:00:00Z",
    'aliases: ["/?p=12", "/archive/query/"]',
    "---",
    "Text.",
    "",
  ].join("\n"),
  "content/news/section-page.md": [
    "---",
    "title: An alias on the section page",
    "date: 2026-03-03T10:00:00Z",
    'aliases: ["/news/", "/feed.xml", "/tag/weather/"]',
    "tags: [Weather]",
    "---",
    "Text.",
    "",
  ].join("\n"),
  "content/news/first.md": [
    "---",
    "title: The first to claim an old URL",
    "date: 2026-03-04T10:00:00Z",
    'aliases: ["/shared/"]',
    "---",
    "Links to [the second](/news/second/) and to [the council](https://council.example/).",
    "",
  ].join("\n"),
  "content/news/second.md": [
    "---",
    "title: The second to claim it",
    "date: 2026-03-05T10:00:00Z",
    'aliases: ["/shared/"]',
    "---",
    "Text.",
    "",
  ].join("\n"),
};

describe("old URLs that cannot all become redirects", () => {
  let root: string;
  let imported: ImportedSite;

  beforeAll(async () => {
    root = await writeTree(tree);
    imported = await importAndBuild({ format: "hugo", source: root });
  });
  afterAll(async () => {
    await imported.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("keeps every old URL a static redirect can serve, and no other", async () => {
    expect((await imported.site.read("_redirects")).split("\n").filter(Boolean)).toEqual([
      "/archive/query/ /news/2026/03/02/query/ 301",
      "/news/first/ /news/2026/03/04/first/ 301",
      "/news/query/ /news/2026/03/02/query/ 301",
      "/news/second/ /news/2026/03/05/second/ 301",
      "/news/section-page/ /news/2026/03/03/section-page/ 301",
      "/news/spaces/ /news/2026/03/01/spaces/ 301",
      "/old-story/ /news/2026/03/01/spaces/ 301",
      "/shared/ /news/2026/03/04/first/ 301",
    ]);
  });

  it("says why each of the others was not kept, at its line", async () => {
    expectReportLines(await imported.reportLines(), [
      "content/news/spaces.md:4  UrlNotKept  the old URL /old story/ cannot be a redirect",
      "content/news/query.md:4  UrlNotKept  the old URL /?p=12 has a query string",
      "content/news/section-page.md:4  AliasClash  the old URL /news/ now belongs to the section news",
      "content/news/section-page.md:4  AliasClash  the old URL /feed.xml now belongs to Newsdeck itself",
      "content/news/section-page.md:4  AliasClash  the old URL /tag/weather/ now belongs to the tag Weather",
      "content/news/second.md:4  AliasClash  the old URL /shared/ now belongs to content/news/first.md",
    ]);
  });

  it("points links to old story URLs at the new ones and leaves other links alone", async () => {
    const $ = await imported.site.page("/news/2026/03/04/first/");
    expect($('.article__body a[href="/news/2026/03/05/second/"]').text()).toBe("the second");
    expect($('.article__body a[href="https://council.example/"]').text()).toBe("the council");
  });
});
