import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import {
  type BuiltSite,
  buildSite,
  openBuiltSite,
  repoRoot,
  testNow,
} from "../helpers/build-site.js";

/** Files the fixture copies from public/ (they keep their names). */
const publicFiles = new Set(["images/masthead.png"]);

/** The content-hashed files of a build: generated files under /assets/ and /images/. */
function hashedFiles(site: BuiltSite): string[] {
  return [...site.result.files.keys()].filter(
    (f) => /^(assets|images)\//.test(f) && !publicFiles.has(f),
  );
}

describe("content-hashed asset names", () => {
  let site: BuiltSite;
  let before: string[];

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    before = hashedFiles(site);
  });
  afterAll(() => site.cleanup());

  /** Rebuilds the (edited) site into a new folder. */
  async function rebuild(name: string): Promise<BuiltSite> {
    const outDir = path.join(site.root, name);
    const result = await build({ root: site.root, outDir, now: testNow });
    expect(result.exitCode).toBe(0);
    return openBuiltSite(site.root, outDir, result);
  }

  it("names each stylesheet and image by its bytes", () => {
    expect(before.filter((f) => /^assets\/style\.[0-9a-f]{10}\.css$/.test(f))).toHaveLength(1);
    expect(before.filter((f) => /^assets\/print\.[0-9a-f]{10}\.css$/.test(f))).toHaveLength(1);
    const images = before.filter((f) => f.startsWith("images/"));
    expect(images.filter((f) => f.startsWith("images/barrier")).length).toBeGreaterThan(0);
    expect(images.filter((f) => f.startsWith("images/control-room")).length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/[0-9a-f]{8,}/);
  });

  it("keeps every hashed name when only article text changes", async () => {
    const story = path.join(site.root, "content/articles/2026/11/rowing-club-wins.md");
    await writeFile(
      story,
      `${await readFile(story, "utf8")}\nThe crew celebrated on the slipway.\n`,
    );
    const edited = await rebuild("dist-text");
    expect(hashedFiles(edited)).toEqual(before);
    // The page did change, so the build really saw the edit.
    expect(edited.result.files.get("sport/2026/11/25/rowing-club-wins/index.html")?.hash).not.toBe(
      site.result.files.get("sport/2026/11/25/rowing-club-wins/index.html")?.hash,
    );
  });

  it("renames the stylesheet, and only it, when its bytes change, and every page links the new name", async () => {
    const css = await readFile(path.join(repoRoot, "templates/assets/style.css"), "utf8");
    await mkdir(path.join(site.root, "templates/assets"), { recursive: true });
    await writeFile(
      path.join(site.root, "templates/assets/style.css"),
      `${css}\n.kicker { font-weight: 700; }\n`,
    );
    const restyled = await rebuild("dist-css");
    const after = hashedFiles(restyled);
    const removed = before.filter((f) => !after.includes(f));
    const added = after.filter((f) => !before.includes(f));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/^assets\/style\./);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^assets\/style\./);
    for (const file of [...restyled.result.files.keys()].filter((f) => f.endsWith(".html"))) {
      const $ = await restyled.page(file);
      const sheets = $('link[rel="stylesheet"]')
        .map((_, l) => $(l).attr("href"))
        .get();
      if (sheets.length > 0) expect(sheets, file).toContain(`/${added[0]}`);
    }
  });

  it("renames an image when its bytes change, and nothing else", async () => {
    const previous = hashedFiles(await rebuild("dist-before-image"));
    const { default: sharp } = await import("sharp");
    await sharp({
      create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .jpeg({ quality: 60 })
      .toFile(path.join(site.root, "content/articles/2026/11/barrier.jpg"));
    const after = hashedFiles(await rebuild("dist-image"));
    const removed = previous.filter((f) => !after.includes(f));
    const added = after.filter((f) => !previous.includes(f));
    expect(removed.length).toBeGreaterThan(0);
    expect(added.length).toBe(removed.length);
    for (const file of [...removed, ...added]) expect(file).toMatch(/^images\/barrier/);
    // Deterministic: the same input builds the same names again.
    expect(hashedFiles(await rebuild("dist-image-again"))).toEqual(after);
  });
});
