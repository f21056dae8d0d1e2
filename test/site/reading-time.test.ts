import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";

/** A body of `count` words in paragraphs of 50. */
function words(count: number): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < count; i += 50) {
    paragraphs.push(Array.from({ length: Math.min(50, count - i) }, () => "word").join(" "));
  }
  return paragraphs.join("\n\n");
}

const cases = [
  { slug: "brief", words: 40, minutes: 1 },
  { slug: "report", words: 700, minutes: 3 },
  { slug: "feature", words: 2300, minutes: 10 },
];

describe("reading time on article pages (about 230 words a minute)", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    const tree: Record<string, string> = {};
    for (const c of cases) {
      tree[`content/articles/${c.slug}.md`] = article(
        { title: c.slug, date: "2026-11-02T09:00:00Z", section: "city" },
        words(c.words),
      );
    }
    site = await buildSite(tree);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it.each(cases)("a $words-word story reads in $minutes min", async (c) => {
    const $ = await site.page(`/city/2026/11/02/${c.slug}/`);
    expect($(".byline .byline__reading").text()).toBe(`${c.minutes} min read`);
  });
});
