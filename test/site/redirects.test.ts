import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";

const target = "/city/2026/11/02/ferry-fares-rise/";

describe("aliases", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    site = await buildSite({
      "newsdeck.config.mjs":
        'export default { site: { url: "https://post.example.org" }, sections: { city: { title: "City" } } };\n',
      "content/articles/ferry-fares-rise.md": article({
        title: "Ferry fares rise",
        date: "2026-11-02T09:00:00Z",
        section: "city",
        aliases: ["/old/ferry-fares/", "legacy/ferry.html", "/2019/ferry"],
      }),
    });
    expect(site.result.diagnostics).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it.each([
    ["/old/ferry-fares/", "old/ferry-fares/index.html"],
    ["legacy/ferry.html (no leading slash)", "legacy/ferry.html"],
    ["/2019/ferry (no trailing slash)", "2019/ferry/index.html"],
  ])("%s gets a redirect page that works without JavaScript", async (_, file) => {
    const $ = await site.page(file);
    expect($('meta[http-equiv="refresh"]').attr("content")).toBe(`0; url=${target}`);
    expect($('link[rel="canonical"]').attr("href")).toBe(`https://post.example.org${target}`);
    expect($("body a").attr("href")).toBe(target);
    expect($('meta[name="robots"]').attr("content")).toBe("noindex");
    expect($("script").length).toBe(0);
  });

  it("each get a line in _redirects, sorted, as permanent redirects", async () => {
    expect((await site.read("_redirects")).split("\n")).toEqual([
      `/2019/ferry ${target} 301`,
      `/legacy/ferry.html ${target} 301`,
      `/old/ferry-fares/ ${target} 301`,
      "",
    ]);
  });

  it("an alias that would leave the output folder is an error naming the file and field", async () => {
    const unsafe = await buildSite({
      "content/articles/ferry.md": article({
        title: "Ferry",
        date: "2026-11-02T09:00:00Z",
        section: "city",
        aliases: ["/old/../../outside/"],
      }),
    });
    try {
      expect(unsafe.result.exitCode).toBe(1);
      expect(unsafe.result.diagnostics).toMatchObject([
        {
          code: "PathUnsafe",
          file: "content/articles/ferry.md",
          field: expect.stringMatching(/^aliases/),
        },
      ]);
    } finally {
      await unsafe.cleanup();
    }
  });
});
