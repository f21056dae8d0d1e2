import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";
import { urlOf } from "./read-headers-file.js";

const siteUrl = "https://post.example.com";

/** Every URL an HTML page makes the browser load or follow, with where it was found. */
async function referencesOf(
  site: BuiltSite,
  file: string,
): Promise<{ where: string; url: string }[]> {
  const $ = await site.page(file);
  const found: { where: string; url: string }[] = [];
  const add = (where: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== "") found.push({ where, url: value.trim() });
  };
  $("[href]").each((_, el) => add(`${el.tagName}[href]`, $(el).attr("href")));
  $("[src]").each((_, el) => add(`${el.tagName}[src]`, $(el).attr("src")));
  $("[srcset]").each((_, el) => {
    for (const candidate of ($(el).attr("srcset") ?? "").split(",")) {
      add(`${el.tagName}[srcset]`, candidate.trim().split(/\s+/)[0]);
    }
  });
  $('meta[http-equiv="refresh"]').each((_, el) =>
    add("meta[refresh]", /url=(.+)$/i.exec($(el).attr("content") ?? "")?.[1]),
  );
  return found;
}

describe("references in the built pages", () => {
  let site: BuiltSite;
  let files: Set<string>;

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    files = new Set(await site.files());
  });
  afterAll(() => site.cleanup());

  it("all resolve to a file in the output, or leave the site", async () => {
    const unresolved: string[] = [];
    const kinds = new Set<string>();
    let internal = 0;
    for (const file of [...files].filter((f) => f.endsWith(".html"))) {
      const base = new URL(urlOf(file), siteUrl);
      for (const { where, url } of await referencesOf(site, file)) {
        if (url.startsWith("#") || /^(mailto|tel):/i.test(url)) continue;
        const target = new URL(url, base);
        if (target.origin !== siteUrl) {
          expect(target.protocol, `${file} ${where} ${url}`).toBe("https:");
          continue;
        }
        internal++;
        kinds.add(where);
        const pathname = decodeURIComponent(target.pathname).slice(1);
        const candidates =
          pathname === "" || pathname.endsWith("/")
            ? [`${pathname}index.html`]
            : [pathname, `${pathname}/index.html`];
        if (!candidates.some((c) => files.has(c))) unresolved.push(`${file}: ${where} ${url}`);
      }
    }
    expect(unresolved).toEqual([]);
    expect(internal).toBeGreaterThan(100);
    // The kinds of reference a CDN deploy depends on were all seen, so none slipped past.
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
