import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeadersConfig, renderHeaders, rulesKeptBy } from "../../src/outputs/headers.js";

const config: HeadersConfig = {
  headers: { htmlCacheControl: "public, max-age=60" },
  embeds: { allow: [] },
  search: { enabled: true },
} as unknown as HeadersConfig;

const publicPaths = new Set(["images/logo.png", "images/masthead.webp", "robots.txt"]);
const headersOf = (paths: readonly string[]) =>
  (renderHeaders({ config, paths: [...paths].sort(), publicPaths }).file as { data: string }).data;

const site = [
  "index.html",
  "feed.xml",
  "robots.txt",
  "news/2026/11/27/a/index.html",
  "news/index.html",
  "assets/site.0a1b2c3d4e.css",
  "images/logo.png",
  "images/masthead.webp",
  "images/dam-480-0a1b2c3d.webp",
  "images/dam-480-0a1b2c3d.png",
  "pagefind/pagefind.js",
  "pagefind/pagefind-entry.json",
  "pagefind/2026-11/pagefind-entry.json",
  "pagefind/2026-11/fragment/en_1111111.pf_fragment",
  "pagefind/2026-11/index/en_2222222.pf_index",
];

/** Paths a build may add: new pages, renamed index chunks, image variants, top-level files. */
const newPath = fc.constantFrom(
  "news/2026/11/28/b/index.html",
  "sport/index.html",
  "pagefind/2026-11/fragment/en_3333333.pf_fragment",
  "pagefind/2026-11-28/pagefind-entry.json",
  "pagefind/2026-11-28/fragment/en_4444444.pf_fragment",
  "images/dam-960-0a1b2c3d.png",
  "images/river-480-5e6f7a8b.jpg",
  "images/map.svg",
  "assets/site.9f8e7d6c5b.css",
  "atom.xml",
  "tag/water/index.html",
);

describe("whether paths that came and went keep the _headers rules", () => {
  it("is true only when the rules made from every path are the same", () => {
    let keptRuns = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(newPath, { maxLength: 4 }),
        fc.subarray(site, { maxLength: 4 }),
        (came, went) => {
          const previous = headersOf(site);
          const after = [...site.filter((p) => !went.includes(p)), ...came];
          if (rulesKeptBy(previous, came, went, publicPaths)) {
            keptRuns++;
            expect(headersOf(after)).toBe(previous);
          }
        },
      ),
      { numRuns: 500 },
    );
    // The check says "kept" in about 40 runs of 500: the comparison above is what is tested.
    expect(keptRuns).toBeGreaterThan(10);
  });

  it("keeps them for a renamed index chunk and a new story's page, and not for a new top-level file or a new kind of file beside public ones", () => {
    const previous = headersOf(site);
    const kept = (came: string[], went: string[]) => rulesKeptBy(previous, came, went, publicPaths);
    expect(
      kept(
        ["pagefind/2026-11/fragment/en_3333333.pf_fragment"],
        ["pagefind/2026-11/fragment/en_1111111.pf_fragment"],
      ),
    ).toBe(true);
    expect(kept(["news/2026/11/28/b/index.html"], [])).toBe(true);
    // The last page of a folder may go: made again.
    expect(kept([], ["news/2026/11/27/a/index.html"])).toBe(false);
    expect(kept(["atom.xml"], [])).toBe(false);
    // A JPEG among the images' public files and hashed variants has no rule yet.
    expect(kept(["images/river-480-5e6f7a8b.jpg"], [])).toBe(false);
    expect(kept(["sport/index.html"], [])).toBe(false);
    // A file whose extension rules are not in order was written by an older version: made again.
    const older = previous.replace(
      /(\/pagefind\/\*\.js\n[^\n]*\n)([\s\S]*?)(\/pagefind\/\*\.pf_fragment)/,
      "$2$1$3",
    );
    expect(older).not.toBe(previous);
    expect(rulesKeptBy(older, ["news/2026/11/28/b/index.html"], [], publicPaths)).toBe(false);
  });
});
