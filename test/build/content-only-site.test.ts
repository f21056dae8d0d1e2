import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import {
  article,
  type BuiltSite,
  buildSite,
  type FileTree,
  testNow,
} from "../helpers/build-site.js";
import { checkReferences, type ReferenceCheck } from "../helpers/internal-references.js";
import { makeJpeg, makePng } from "../images/make-image.js";

/** The default `site.url`, which absolute links use when a site has no config. */
const defaultSiteUrl = "https://example.org";

/** A site that has nothing but `content/`: no config, no `public/`, no `templates/`. */
async function contentOnlyTree(): Promise<FileTree> {
  return {
    "content/articles/2026/11/quay-lights.md": article(
      {
        title: "Quay lights switched to LEDs",
        date: "2026-11-20T09:00:00Z",
        section: "town",
        tags: ["Harbour", "Energy"],
        authors: ["Oriel Vance"],
        source: "Coastline Wire",
        dateline: "Porthlee",
        image: { src: "./quay.jpg", alt: "Lamps along a quay at dusk", credit: "O. Vance" },
        gallery: [{ src: "./lamp.jpg", alt: "A lamp head being replaced", caption: "Night shift" }],
        credits: "Reporting by Oriel Vance",
        aliases: ["/old/quay-lights/"],
      },
      "The council finished fitting new lamps on Thursday.\n\n![A ladder against a lamp post](./ladder.jpg)\n\nThe old bulbs go for recycling.",
    ),
    "content/articles/2026/11/quay.jpg": await makeJpeg({ width: 640, height: 400, seed: 1 }),
    "content/articles/2026/11/lamp.jpg": await makeJpeg({ width: 480, height: 320, seed: 2 }),
    "content/articles/2026/11/ladder.jpg": await makeJpeg({ width: 400, height: 300, seed: 3 }),
    "content/articles/2026/11/rowing-club-season.md": article(
      {
        title: "Rowing club opens its season",
        date: "2026-11-21T09:00:00Z",
        section: "sport",
        tags: ["Harbour"],
        summary: "Forty rowers turned out for the first outing.",
      },
      "Forty rowers turned out in the rain.",
    ),
    "content/authors/oriel-vance.md":
      "---\nname: Oriel Vance\nrole: Town reporter\n---\nCovers the harbour.\n",
    "content/pages/about.md": "---\ntitle: About us\n---\nA small newsroom by the sea.\n",
  };
}

describe("a site with only content/", () => {
  let site: BuiltSite;
  let check: ReferenceCheck;

  beforeAll(async () => {
    site = await buildSite(await contentOnlyTree());
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
    check = await checkReferences(site.outDir, defaultSiteUrl);
  });
  afterAll(() => site.cleanup());

  it("builds every page with internal references that all resolve to a file in dist/", () => {
    expect(check.unresolved).toEqual([]);
    const pages = new Set(check.internal.map((reference) => reference.file));
    for (const page of [
      "index.html",
      "404.html",
      "town/2026/11/20/quay-lights/index.html",
      "town/index.html",
      "tag/harbour/index.html",
      "author/oriel-vance/index.html",
      "about/index.html",
      "old/quay-lights/index.html",
    ])
      expect(pages).toContain(page);
    // Each kind of reference the default theme makes was seen, so none went unchecked.
    const kinds = new Set(check.internal.map((reference) => reference.where));
    for (const kind of ["link[href]", "a[href]", "img[src]", "source[srcset]", "meta[refresh]"])
      expect(kinds).toContain(kind);
  });

  it("links the theme's own icon, by a content-hashed name", async () => {
    const $ = await site.page("/");
    const icon = $('link[rel="icon"]');
    expect(icon.length).toBe(1);
    expect(icon.attr("href")).toMatch(/^\/assets\/favicon\.[0-9a-f]{10}\.svg$/);
    expect(icon.attr("type")).toBe("image/svg+xml");
    expect(await site.read((icon.attr("href") ?? "").slice(1))).toMatch(/^<svg /);
  });
});

describe("a site's own icon in public/", () => {
  const tree: FileTree = {
    "content/articles/tide-times.md": article({
      title: "Tide times",
      date: "2026-11-20T09:00:00Z",
      section: "town",
    }),
  };
  const tiny = { width: 16, height: 16 };
  const iconOf = async (site: BuiltSite) => {
    const $ = await site.page("/town/2026/11/20/tide-times/");
    return $('link[rel="icon"]')
      .map((_, link) => `${$(link).attr("href")} ${$(link).attr("type")}`)
      .get();
  };

  it("replaces the theme's, preferring SVG, then PNG, then ICO", async () => {
    const png = await makePng(tiny);
    const cases: [FileTree, string, string][] = [
      [{ "public/favicon.png": png }, "/favicon.png", "image/png"],
      [
        { "public/favicon.ico": png, "public/favicon.svg": "<svg/>" },
        "/favicon.svg",
        "image/svg+xml",
      ],
      [{ "public/favicon.ico": png }, "/favicon.ico", "image/x-icon"],
    ];
    for (const [extra, href, type] of cases) {
      const site = await buildSite({ ...tree, ...extra });
      try {
        expect(site.result.exitCode).toBe(0);
        expect(await iconOf(site)).toEqual([`${href} ${type}`]);
        expect((await checkReferences(site.outDir, defaultSiteUrl)).unresolved).toEqual([]);
      } finally {
        await site.cleanup();
      }
    }
  });

  it("is linked by the next build after it is added, though no content changed", async () => {
    const site = await buildSite(tree);
    try {
      expect(await iconOf(site)).toEqual([expect.stringMatching(/^\/assets\/favicon\./)]);
      await mkdir(path.join(site.root, "public"));
      await writeFile(path.join(site.root, "public", "favicon.png"), await makePng(tiny));
      const again = await build({ root: site.root, outDir: site.outDir, now: testNow });
      expect(again.exitCode).toBe(0);
      expect(await iconOf(site)).toEqual(["/favicon.png image/png"]);
    } finally {
      await site.cleanup();
    }
  });
});
