import path from "node:path";
import type * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { build } from "../../src/build.js";
import { main } from "../../src/cli/main.js";
import { type BuiltSite, buildSite, openBuiltSite, testNow } from "../helpers/build-site.js";

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * What a reader and a crawler get from a page, whatever its whitespace: the text of every
 * element holding phrasing content (where a space between inline elements is visible), the
 * data blocks, preformatted text, links and images.
 */
function meaning($: cheerio.CheerioAPI) {
  return {
    title: $("title").text(),
    text: $("p, h1, h2, h3, h4, h5, h6, figcaption, a, span, time, dt, dd, td, th")
      .map((_, el) => collapse($(el).text()))
      .get(),
    jsonLd: $('script[type="application/ld+json"]')
      .map((_, s) => $(s).text())
      .get(),
    pre: $("pre")
      .map((_, p) => $(p).text())
      .get(),
    links: $("[href]")
      .map((_, a) => $(a).attr("href"))
      .get(),
    images: $("img")
      .map(
        (_, i) =>
          `${$(i).attr("src")} ${$(i).attr("alt")} ${$(i).attr("width")}x${$(i).attr("height")}`,
      )
      .get(),
  };
}

describe("HTML minification", () => {
  let minified: BuiltSite;
  let plain: BuiltSite;

  beforeAll(async () => {
    minified = await buildSite("cdn-newsroom");
    expect(minified.result.exitCode).toBe(0);
    const outDir = path.join(minified.root, "dist-plain");
    const result = await build({ root: minified.root, outDir, now: testNow, minify: false });
    expect(result.exitCode).toBe(0);
    plain = openBuiltSite(minified.root, outDir, result);
  });
  afterAll(() => minified.cleanup());

  const pages = () => [...minified.result.files.keys()].filter((f) => f.endsWith(".html"));

  it("is on by default and makes every page smaller", async () => {
    expect(pages().length).toBeGreaterThan(10);
    let before = 0;
    let after = 0;
    for (const file of pages()) {
      const small = minified.result.files.get(file)?.size ?? 0;
      const large = plain.result.files.get(file)?.size ?? 0;
      expect(small, file).toBeLessThan(large);
      before += large;
      after += small;
    }
    expect(after / before).toBeLessThan(0.97);
  });

  it("keeps what pages mean: text, links, images, JSON-LD byte for byte and <pre> whitespace", async () => {
    let jsonLd = 0;
    let pre = 0;
    for (const file of pages()) {
      const a = meaning(await minified.page(file));
      const b = meaning(await plain.page(file));
      expect(a, file).toEqual(b);
      for (const block of a.jsonLd) expect(() => JSON.parse(block), file).not.toThrow();
      jsonLd += a.jsonLd.length;
      pre += a.pre.length;
    }
    expect(jsonLd).toBeGreaterThan(0);
    expect(pre).toBeGreaterThan(0);
    const $ = await minified.page("/news/2026/11/27/tide-barrier-opens/");
    expect($("pre").text()).toContain("gate  closing time\n1     04:12\n");
  });

  it("keeps closing tags and the html, head and body elements", async () => {
    const html = await minified.read("news/2026/11/27/tide-barrier-opens/index.html");
    expect(html).toMatch(/^<!doctype html><html lang=/i);
    expect(html).toContain("<head>");
    expect(html).toMatch(/<body[ >]/);
    expect(html.trimEnd()).toMatch(/<\/body><\/html>$/);
    expect(html).toContain("</p>");
    expect(html).toContain("</li>");
  });

  it("leaves files copied from public/ exactly as they are", async () => {
    expect(minified.result.files.get("favicon.svg")).toEqual(plain.result.files.get("favicon.svg"));
  });

  it("is off with --no-minify", async () => {
    const outDir = path.join(minified.root, "dist-cli");
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const argv = [
        "build",
        "--root",
        minified.root,
        "--out",
        outDir,
        "--now",
        new Date(testNow).toISOString(),
        "--no-minify",
      ];
      expect(await main(argv)).toBe(0);
    } finally {
      write.mockRestore();
    }
    const cli = openBuiltSite(minified.root, outDir, minified.result);
    for (const file of ["index.html", "news/index.html"]) {
      expect(await cli.read(file), file).toBe(await plain.read(file));
    }
  });
});
