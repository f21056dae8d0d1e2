import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTree } from "../helpers/build-site.js";
import { expectReportLines, type ImportedSite, importAndBuild } from "./imported-site.js";

const longTitle = `A headline that goes on ${"and on ".repeat(90)}until it ends`;
const manyTags = Array.from({ length: 210 }, (_, i) => `topic-${i + 1}`);
const deepList = Array.from({ length: 120 }, (_, i) => `${"  ".repeat(i)}- level ${i + 1}`).join(
  "\n",
);
const bigBody = `${"A paragraph of council minutes, copied in full. ".repeat(22_000)}\n`;

describe("an archive with stories over the build's default limits", () => {
  let root: string;
  let imported: ImportedSite;

  beforeAll(async () => {
    root = await writeTree({
      "_config.yml": "title: Limits\ntimezone: UTC\n",
      "_posts/2026-04-01-long-title.md": `---\ntitle: "${longTitle}"\ncategories: [News]\n---\nText.\n`,
      "_posts/2026-04-02-many-tags.md": `---\ntitle: Many tags\ncategories: [News]\ntags: [${manyTags.join(", ")}]\n---\nText.\n`,
      "_posts/2026-04-03-deep-list.md": `---\ntitle: A deep list\ncategories: [News]\n---\n${deepList}\n`,
      "_posts/2026-04-04-minutes.md": `---\ntitle: The minutes\ncategories: [News]\n---\n${bigBody}`,
    });
    imported = await importAndBuild({ format: "jekyll", source: root });
  }, 120_000);
  afterAll(async () => {
    await imported.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("raises just those limits in the config it writes, so the site builds as it is", async () => {
    const config = await imported.source("newsdeck.config.ts");
    expect(config).toContain(`titleLength: ${[...longTitle].length},`);
    expect(config).toContain("tagsPerArticle: 210,");
    expect(config).toMatch(/body: \{\n\s+bytes: \d+,\n\s+nesting: 120,\n\s+\},/);
    expect(config).not.toContain("authorsPerArticle");
    const $ = await imported.site.page("/news/2026/04/01/long-title/");
    expect($("h1#headline").text()).toBe(longTitle);
    const $deep = await imported.site.page("/news/2026/04/03/deep-list/");
    expect($deep(".article__body li").length).toBe(120);
  });

  it("says which story raised which limit", async () => {
    expectReportLines(await imported.reportLines(), [
      "_posts/2026-04-01-long-title.md:2  LimitRaised  title is over the default limits.titleLength (500)",
      "_posts/2026-04-02-many-tags.md:4  LimitRaised  tags is over the default limits.tagsPerArticle (200): the config raises it to 210",
      "_posts/2026-04-03-deep-list.md:5  LimitRaised  lists and quotes nest 120 deep",
      "_posts/2026-04-04-minutes.md:5  LimitRaised  the body is",
    ]);
  });
});
