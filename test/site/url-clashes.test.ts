import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/errors/diagnostic.js";
import { article, buildSite, type FileTree } from "../helpers/build-site.js";

const config = {
  "newsdeck.config.mjs":
    'export default { sections: { city: { title: "City" } }, pagination: { perPage: 1 } };\n',
};

const story = (fields: Record<string, unknown> = {}) =>
  article({ title: "A story", date: "2026-11-02T09:00:00Z", section: "city", ...fields });

/** Builds the tree and returns its DuplicateUrl errors; the build must fail and write nothing. */
async function clashesOf(tree: FileTree): Promise<Diagnostic[]> {
  const site = await buildSite({ ...config, ...tree });
  try {
    expect(site.result.exitCode).toBe(1);
    expect(existsSync(site.outDir)).toBe(false);
    return site.result.diagnostics.filter((d) => d.code === "DuplicateUrl");
  } finally {
    await site.cleanup();
  }
}

describe("URL clashes", () => {
  it("two articles claiming one URL are an error naming both files", async () => {
    const clashes = await clashesOf({
      "content/articles/first/tram-fares.md": story({ title: "Tram fares" }),
      "content/articles/second/tram-fares.md": story({ title: "Tram fares again" }),
    });
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.severity).toBe("error");
    expect(clashes[0]?.message).toContain("/city/2026/11/02/tram-fares/");
    expect(clashes[0]?.message).toContain("content/articles/first/tram-fares.md");
    expect(clashes[0]?.message).toContain("content/articles/second/tram-fares.md");
    expect(clashes[0]?.file).toBe("content/articles/second/tram-fares.md");
  });

  it("an explicit slug that lands on another article's URL is an error naming both files", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story(),
      "content/articles/fares-update.md": story({ slug: "tram-fares" }),
    });
    expect(clashes.map((d) => d.message)).toEqual([
      "/city/2026/11/02/tram-fares/ is claimed by both content/articles/fares-update.md and content/articles/tram-fares.md",
    ]);
  });

  it("an alias on a static page's URL is an error naming the article and the page", async () => {
    const clashes = await clashesOf({
      "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
      "content/articles/tram-fares.md": story({ aliases: ["/about/"] }),
    });
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.message).toContain("content/pages/about.md");
    expect(clashes[0]?.message).toContain("content/articles/tram-fares.md (alias)");
    expect(clashes[0]?.field).toMatch(/^aliases/);
  });

  it("an alias on another article's alias is an error naming both files", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story({ aliases: ["/fares/"] }),
      "content/articles/bus-fares.md": story({ slug: "bus-fares", aliases: ["/fares/"] }),
    });
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.message).toContain("content/articles/bus-fares.md (alias)");
    expect(clashes[0]?.message).toContain("content/articles/tram-fares.md (alias)");
  });

  it("an alias on another article's URL is an error naming both files", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story(),
      "content/articles/bus-fares.md": story({ aliases: ["/city/2026/11/02/tram-fares/"] }),
    });
    expect(clashes).toHaveLength(1);
    expect(clashes[0]?.message).toContain("content/articles/tram-fares.md");
    expect(clashes[0]?.message).toContain("content/articles/bus-fares.md (alias)");
  });

  it("an alias is the same URL with or without its trailing slash", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story({ aliases: ["/city"] }),
    });
    expect(clashes.map((d) => d.message)).toEqual([
      '/city is claimed by both the section page "City" and content/articles/tram-fares.md (alias)',
    ]);
  });

  it("an alias on a later page of a listing is an error", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story(),
      "content/articles/bus-fares.md": story({ slug: "bus-fares", aliases: ["/city/page/2/"] }),
    });
    expect(clashes.map((d) => d.message)).toEqual([
      '/city/page/2/ is claimed by both the section page "City" and content/articles/bus-fares.md (alias)',
    ]);
  });

  it("an alias on a section or tag feed is an error", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story({
        tags: ["Transport"],
        aliases: ["/city/feed.xml", "/tag/transport/feed.xml"],
      }),
    });
    expect(clashes.map((d) => d.message)).toEqual([
      '/city/feed.xml is claimed by both the section feed "City" and content/articles/tram-fares.md (alias)',
      '/tag/transport/feed.xml is claimed by both the tag feed "Transport" and content/articles/tram-fares.md (alias)',
    ]);
  });

  it("an alias on a URL the build writes itself is an error", async () => {
    const clashes = await clashesOf({
      "content/articles/tram-fares.md": story({ aliases: ["/_redirects", "/404.html"] }),
    });
    expect(clashes).toHaveLength(2);
    expect(clashes.every((d) => d.message.includes("Newsdeck itself"))).toBe(true);
  });

  it("a hidden article's URL and aliases claim nothing", async () => {
    const site = await buildSite({
      ...config,
      "content/articles/tram-fares.md": story({ aliases: ["/fares/"] }),
      "content/articles/draft/tram-fares.md": story({ draft: true, aliases: ["/fares/"] }),
    });
    try {
      expect(site.result.diagnostics).toEqual([]);
      expect(site.result.exitCode).toBe(0);
    } finally {
      await site.cleanup();
    }
  });
});

describe("tag and author slugs", () => {
  it("keep names in scripts without a Latin form apart, on readable URLs", async () => {
    const site = await buildSite({
      ...config,
      "content/articles/tram-fares.md": story({ tags: ["日本", "한국"], authors: ["李明"] }),
    });
    try {
      expect(site.result.exitCode).toBe(0);
      const files = await site.files();
      expect(files).toContain("tag/日本/index.html");
      expect(files).toContain("tag/한국/index.html");
      expect(files).toContain("author/李明/index.html");
      expect((await site.page("/tag/日本/"))("h1").text()).toBe("日本");
    } finally {
      await site.cleanup();
    }
  });

  it("reject a name with no letter or digit instead of giving it an empty URL", async () => {
    const site = await buildSite({
      ...config,
      "content/articles/tram-fares.md": story({ tags: ["!!!"] }),
    });
    try {
      expect(site.result.exitCode).toBe(1);
      expect(site.result.diagnostics).toMatchObject([
        {
          code: "PathUnsafe",
          file: "content/articles/tram-fares.md",
          field: expect.stringMatching(/^tags/),
        },
      ]);
    } finally {
      await site.cleanup();
    }
  });
});
