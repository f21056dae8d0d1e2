import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageSizes } from "../../src/images/image-sizes.js";
import { article, type BuiltSite, buildSite, type FileTree } from "../helpers/build-site.js";
import { makeJpeg, makePng } from "./make-image.js";

const harbourUrl = "/news/2026/11/20/harbour-reopens/";
const chartUrl = "/news/2026/11/18/crane-chart/";

/** `[url, width]` of each candidate of a srcset. */
function candidates(srcset: string | undefined): [string, number][] {
  expect(srcset, "a srcset").toBeTruthy();
  return (srcset ?? "").split(", ").map((candidate) => {
    const [url = "", width = ""] = candidate.split(" ");
    return [url, Number.parseInt(width, 10)];
  });
}

async function tree(): Promise<FileTree> {
  const dir = "content/articles/2026/11";
  return {
    "newsdeck.config.mjs": 'export default { site: { url: "https://news.test" } };\n',
    [`${dir}/harbour.jpg`]: await makeJpeg({ width: 1280, height: 720, seed: 1 }),
    [`${dir}/crane.png`]: await makePng({ width: 1000, height: 500, seed: 2, alpha: true }),
    [`${dir}/dock.jpg`]: await makeJpeg({ width: 600, height: 400, seed: 3 }),
    [`${dir}/secret.jpg`]: await makeJpeg({ width: 64, height: 48, seed: 4 }),
    [`${dir}/../12/future.jpg`]: await makeJpeg({ width: 64, height: 48, seed: 5 }),
    [`${dir}/harbour-reopens.md`]: article(
      {
        title: "Harbour reopens",
        date: "2026-11-20T08:00:00Z",
        section: "news",
        image: {
          src: "./harbour.jpg",
          alt: "Cranes at the harbour",
          caption: "The quay",
          credit: "A. Photographer",
        },
        gallery: [
          { src: "./crane.png", alt: "A chart of crane hours", caption: "Crane hours" },
          {
            src: "https://cdn.example/remote.jpg",
            alt: "A ship from the agency",
            width: 640,
            height: 427,
            credit: "Agency",
          },
        ],
      },
      'The harbour reopened.\n\n![Dock workers at dawn](./dock.jpg "The dock at dawn")\n\nShips queued.',
    ),
    [`${dir}/crane-chart.md`]: article({
      title: "Crane hours charted",
      date: "2026-11-18T08:00:00Z",
      section: "news",
      image: { src: "./crane.png", alt: "A chart of crane hours" },
    }),
    [`${dir}/secret-plan.md`]: article({
      title: "Secret plan",
      date: "2026-11-10T08:00:00Z",
      section: "news",
      draft: true,
      image: { src: "./secret.jpg", alt: "Hidden" },
    }),
    "content/articles/2026/12/embargoed.md": article({
      title: "Embargoed",
      date: "2026-12-20T08:00:00Z",
      section: "news",
      image: { src: "./future.jpg", alt: "Not yet" },
    }),
  };
}

describe("images in built pages", () => {
  let site: BuiltSite;
  let $: CheerioAPI;

  beforeAll(async () => {
    site = await buildSite(await tree());
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
    $ = await site.page(harbourUrl);
  });
  afterAll(() => site.cleanup());

  /** Checks that every candidate of a srcset is a file of that format and width. */
  async function expectFiles(srcset: string | undefined, format: string) {
    for (const [url, width] of candidates(srcset)) {
      const metadata = await sharp(await readFile(path.join(site.outDir, url))).metadata();
      expect({ url, format: metadata.format, width: metadata.width }).toEqual({
        url,
        format,
        width,
      });
    }
  }

  it("gives the hero a picture: AVIF then WebP sources and a JPEG img, all with srcset and sizes", async () => {
    const picture = $("figure.figure--hero picture");
    const sources = picture.children("source");
    expect(sources.map((_, s) => $(s).attr("type")).get()).toEqual(["image/avif", "image/webp"]);
    const img = picture.children("img");
    for (const element of [...sources.get(), ...img.get()]) {
      expect($(element).attr("sizes")).toBe(imageSizes.article);
      expect(candidates($(element).attr("srcset")).map(([, w]) => w)).toEqual([
        480, 800, 1200, 1280,
      ]);
    }
    await expectFiles(sources.eq(0).attr("srcset"), "heif");
    await expectFiles(sources.eq(1).attr("srcset"), "webp");
    await expectFiles(img.attr("srcset"), "jpeg");
    expect(img.attr("src")).toMatch(/^\/images\/harbour-800-[0-9a-f]{10}\.jpg$/);
    expect(img.attr("alt")).toBe("Cranes at the harbour");
    expect($("figure.figure--hero figcaption").text()).toBe("The quay (Photo: A. Photographer)");
  });

  it("sizes every img from its source (width and height), so nothing shifts as images load", () => {
    expect($("figure.figure--hero img").attr("width")).toBe("1280");
    expect($("figure.figure--hero img").attr("height")).toBe("720");
    const gallery = $("section.gallery img");
    expect(gallery.map((_, i) => `${$(i).attr("width")}x${$(i).attr("height")}`).get()).toEqual([
      "1000x500",
      "640x427",
    ]);
    expect($("figure.body-figure img").attr("width")).toBe("600");
    expect($("figure.body-figure img").attr("height")).toBe("400");
  });

  it("loads the hero first and eagerly, and every other image lazily", async () => {
    const hero = $("figure.figure--hero img");
    expect(hero.attr("fetchpriority")).toBe("high");
    expect(hero.attr("loading")).toBeUndefined();
    const others = $("img").not(hero);
    expect(others.length).toBe(3);
    for (const img of others.get()) {
      expect($(img).attr("loading"), $(img).attr("alt")).toBe("lazy");
      expect($(img).attr("decoding"), $(img).attr("alt")).toBe("async");
      expect($(img).attr("fetchpriority"), $(img).attr("alt")).toBeUndefined();
    }
    const home = await site.page("/");
    const lead = home(".lead figure img");
    expect(lead.attr("fetchpriority")).toBe("high");
    expect(lead.attr("loading")).toBeUndefined();
    expect(lead.attr("sizes")).toBe(imageSizes.homeLead);
  });

  it("keeps a PNG gallery image PNG in the fallback, with the gallery's sizes", async () => {
    const img = $("section.gallery picture img");
    expect(img.attr("sizes")).toBe(imageSizes.gallery);
    expect(candidates(img.attr("srcset")).map(([, w]) => w)).toEqual([480, 800, 1000]);
    await expectFiles(img.attr("srcset"), "png");
    expect($("section.gallery figcaption").first().text()).toBe("Crane hours");
  });

  it("leaves a remote gallery image as written, with the width and height from front matter", () => {
    const img = $('section.gallery img[src^="https://"]');
    expect(img.attr("src")).toBe("https://cdn.example/remote.jpg");
    expect(img.parent().is("picture")).toBe(false);
    expect(img.attr("srcset")).toBeUndefined();
    expect(img.attr("width")).toBe("640");
    expect(img.attr("height")).toBe("427");
    expect(img.closest("figure").find("figcaption").text()).toBe("(Photo: Agency)");
  });

  it("turns a body image into a lazy picture in a figure, its title the caption", async () => {
    const figure = $("figure.body-figure");
    expect(
      figure
        .find("picture source")
        .map((_, s) => $(s).attr("type"))
        .get(),
    ).toEqual(["image/avif", "image/webp"]);
    const img = figure.find("picture img");
    expect(img.attr("alt")).toBe("Dock workers at dawn");
    expect(img.attr("sizes")).toBe(imageSizes.article);
    expect(candidates(img.attr("srcset")).map(([, w]) => w)).toEqual([480, 600]);
    await expectFiles(img.attr("srcset"), "jpeg");
    expect(figure.find("figcaption").text()).toBe("The dock at dawn");
  });

  it("points og:image to a 1200-px JPEG of the hero, with its size", async () => {
    const content = $('meta[property="og:image"]').attr("content") ?? "";
    expect(content).toMatch(/^https:\/\/news\.test\/images\/harbour-1200-[0-9a-f]{10}\.jpg$/);
    expect($('meta[property="og:image:width"]').attr("content")).toBe("1200");
    expect($('meta[property="og:image:height"]').attr("content")).toBe("675");
    const file = path.join(site.outDir, new URL(content).pathname);
    expect(await sharp(await readFile(file)).metadata()).toMatchObject({
      format: "jpeg",
      width: 1200,
      height: 675,
    });
  });

  it("makes a JPEG og:image for a PNG hero too", async () => {
    const chart = await site.page(chartUrl);
    const content = chart('meta[property="og:image"]').attr("content") ?? "";
    expect(content).toMatch(/^https:\/\/news\.test\/images\/crane-1000-[0-9a-f]{10}\.jpg$/);
    const file = path.join(site.outDir, new URL(content).pathname);
    expect((await sharp(await readFile(file)).metadata()).format).toBe("jpeg");
  });

  it("writes exactly the image files that pages reference, none for hidden articles", async () => {
    const referenced = new Set<string>();
    for (const file of (await site.files()).filter((f) => f.endsWith(".html"))) {
      const page = await site.page(file);
      page("img[src], source[srcset], img[srcset]").each((_, element) => {
        const src = page(element).attr("src");
        if (src?.startsWith("/images/")) referenced.add(src.slice(1));
        const srcset = page(element).attr("srcset");
        if (srcset) for (const [url] of candidates(srcset)) referenced.add(url.slice(1));
      });
      const og = page('meta[property="og:image"]').attr("content");
      if (og) referenced.add(new URL(og).pathname.slice(1));
    }
    const written = (await site.files()).filter((f) => f.startsWith("images/"));
    expect(written.sort()).toEqual([...referenced].sort());
    expect(written.some((f) => /secret|future/.test(f))).toBe(false);
    // Hidden articles' images were not even processed: the cache holds the three published ones.
    expect(await readdir(path.join(site.root, ".newsdeck-cache", "images"))).toHaveLength(3);
  });
});
