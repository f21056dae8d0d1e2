import { stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";
import { parseXml } from "./parse-xml.js";

/**
 * The output grows with the number of stories and tags, not with the square of one story's tag
 * count: one story with 3,000 tags used to write 753 MB in 52 s, because each of its 3,000 tag
 * feeds listed all 3,000 tags. The limit is raised here so that the structure itself is tested.
 */

function siteWithTags(count: number) {
  const tags = Array.from({ length: count }, (_, i) => `Topic ${i + 1}`);
  return {
    "newsdeck.config.mjs": `export default { limits: { tagsPerArticle: ${count} } };\n`,
    "content/articles/tagged.md": `---\ntitle: A story with every tag\ndate: 2026-11-01T08:00:00Z\nsection: news\ntags: [${tags.join(", ")}]\n---\nA short body.\n`,
    "content/articles/plain.md":
      "---\ntitle: A plain story\ndate: 2026-11-02T08:00:00Z\nsection: news\ntags: [Topic 1]\n---\nAnother body.\n",
  };
}

async function totalBytes(site: BuiltSite): Promise<number> {
  let total = 0;
  for (const file of await site.files()) total += (await stat(path.join(site.outDir, file))).size;
  return total;
}

describe("one story with thousands of tags", { timeout: 180_000 }, () => {
  it("builds in bounded time into output linear in its tags", async () => {
    const started = performance.now();
    const site = await buildSite(siteWithTags(3000));
    const seconds = (performance.now() - started) / 1000;
    try {
      expect(site.result.exitCode).toBe(0);
      const bytes = await totalBytes(site);
      // About 4 KB per tag (its page, its feed, its sitemap entry, its link on the story).
      expect(bytes).toBeLessThan(3000 * 6 * 1024);
      expect(seconds).toBeLessThan(60);

      // A tag feed names the story's section and its own tag, not the other 2,999.
      const { rss } = parseXml(await site.read("tag/topic-1234/feed.xml"));
      const [item] = rss.channel.item;
      expect(item.title).toBe("A story with every tag");
      expect(item.category.map((c: { "#text": string }) => c["#text"])).toEqual([
        "News",
        "Topic 1234",
      ]);
      // The site feed, where the story appears once, names every tag.
      const siteItems = parseXml(await site.read("feed.xml")).rss.channel.item;
      const tagged = siteItems.find((i: { title: string }) => i.title === "A story with every tag");
      expect(tagged.category).toHaveLength(3001);

      // Three times the tags, about three times the output (the square would be nine).
      const third = await buildSite(siteWithTags(1000));
      try {
        const ratio = bytes / (await totalBytes(third));
        expect(ratio).toBeGreaterThan(2.5);
        expect(ratio).toBeLessThan(3.5);
      } finally {
        await third.cleanup();
      }
    } finally {
      await site.cleanup();
    }
  });
});
