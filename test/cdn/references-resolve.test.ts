import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";
import { checkReferences, type ReferenceCheck } from "../helpers/internal-references.js";

const siteUrl = "https://post.example.com";

describe("references in the built pages", () => {
  let site: BuiltSite;
  let check: ReferenceCheck;

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    check = await checkReferences(site.outDir, siteUrl);
  });
  afterAll(() => site.cleanup());

  it("all resolve to a file in the output, or leave the site", () => {
    expect(check.unresolved).toEqual([]);
    expect(check.internal.length).toBeGreaterThan(100);
    for (const { file, where, url } of check.external)
      expect(new URL(url, siteUrl).protocol, `${file} ${where} ${url}`).toBe("https:");
    // The kinds of reference a CDN deploy depends on were all seen, so none slipped past.
    const kinds = new Set(check.internal.map((reference) => reference.where));
    for (const kind of ["link[href]", "a[href]", "img[src]", "meta[refresh]"])
      expect(kinds).toContain(kind);
  });

  it("load stylesheets and images by content-hashed names", async () => {
    const $ = await site.page("/news/2026/11/27/tide-barrier-opens/");
    const sheets = $('link[rel="stylesheet"]')
      .map((_, l) => $(l).attr("href"))
      .get();
    expect(sheets.length).toBeGreaterThan(0);
    for (const href of sheets) expect(href).toMatch(/^\/assets\/[\w-]+\.[0-9a-f]{10}\.css$/);
    const images = $("img")
      .map((_, i) => $(i).attr("src"))
      .get();
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const src of images) expect(src).toMatch(/^\/images\/.*[0-9a-f]{8,}/);
  });
});
