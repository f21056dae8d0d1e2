import { existsSync } from "node:fs";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import { describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite, type FileTree } from "../helpers/build-site.js";

const perPage = 3;

/** A site whose one section holds `count` stories, one a day from 1 November, all published. */
function siteWith(count: number): FileTree {
  const tree: Record<string, string> = {
    "newsdeck.config.mjs": `export default { sections: { city: { title: "City" } }, pagination: { perPage: ${perPage} } };\n`,
  };
  for (let day = 1; day <= count; day++) {
    const dd = String(day).padStart(2, "0");
    tree[`content/articles/story-${dd}.md`] = article({
      title: `Story ${dd}`,
      date: `2026-11-${dd}T09:00:00Z`,
      section: "city",
      tags: ["Council"],
    });
  }
  return tree;
}

/** Builds the tree, runs `check` on it, and removes it whatever happens. */
async function withSite(tree: FileTree, check: (site: BuiltSite) => Promise<void>): Promise<void> {
  const site = await buildSite(tree);
  try {
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
    await check(site);
  } finally {
    await site.cleanup();
  }
}

function titles($: CheerioAPI): string[] {
  return $("main .card__title a")
    .map((_, a) => $(a).text())
    .get();
}

function listingPages(site: BuiltSite, base: string): number {
  let n = 1;
  while (existsSync(path.join(site.outDir, base, "page", String(n + 1), "index.html"))) n++;
  return n;
}

describe("pagination edges (perPage 3)", () => {
  it("with 0 stories: one section page saying so, no links to other pages, no tag page", async () => {
    await withSite(siteWith(0), async (site) => {
      const $ = await site.page("/city/");
      expect(titles($)).toEqual([]);
      expect($("main").text()).toContain("No stories yet.");
      expect($("[rel=prev], [rel=next]").length).toBe(0);
      expect(listingPages(site, "city")).toBe(1);
      expect(existsSync(path.join(site.outDir, "tag", "council"))).toBe(false);
      expect((await site.page("/"))("main").text()).toContain(
        "No stories have been published yet.",
      );
    });
  });

  it("with 1 story: one page holding it and no pagination", async () => {
    await withSite(siteWith(1), async (site) => {
      const $ = await site.page("/city/");
      expect(titles($)).toEqual(["Story 01"]);
      expect($("nav.pagination").length).toBe(0);
      expect($("[rel=prev], [rel=next]").length).toBe(0);
      expect(listingPages(site, "city")).toBe(1);
      expect(listingPages(site, "tag/council")).toBe(1);
    });
  });

  it("with exactly perPage stories: one full page and no empty second page", async () => {
    await withSite(siteWith(perPage), async (site) => {
      const $ = await site.page("/city/");
      expect(titles($)).toEqual(["Story 03", "Story 02", "Story 01"]);
      expect($("[rel=next]").length).toBe(0);
      expect(existsSync(path.join(site.outDir, "city", "page", "2"))).toBe(false);
      expect(existsSync(path.join(site.outDir, "tag", "council", "page", "2"))).toBe(false);
    });
  });

  it("with perPage + 1 stories: a full first page and a second page with the oldest story", async () => {
    await withSite(siteWith(perPage + 1), async (site) => {
      const first = await site.page("/city/");
      expect(titles(first)).toEqual(["Story 04", "Story 03", "Story 02"]);
      expect(first('head link[rel="next"]').attr("href")).toBe("/city/page/2/");
      expect(first('nav.pagination a[rel="next"]').attr("href")).toBe("/city/page/2/");
      expect(first("[rel=prev]").length).toBe(0);

      const second = await site.page("/city/page/2/");
      expect(titles(second)).toEqual(["Story 01"]);
      expect(second('head link[rel="prev"]').attr("href")).toBe("/city/");
      expect(second('nav.pagination a[rel="prev"]').attr("href")).toBe("/city/");
      expect(second("[rel=next]").length).toBe(0);
      expect(second("title").text()).toBe("City (page 2 of 2) | Newsdeck");
      expect(second('link[rel="canonical"]').attr("href")).toBe("https://example.org/city/page/2/");
      expect(listingPages(site, "city")).toBe(2);
      expect(listingPages(site, "tag/council")).toBe(2);
    });
  });
});
