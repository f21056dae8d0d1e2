import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { article, testNow, writeTree } from "../helpers/build-site.js";
import { makeJpeg } from "./make-image.js";

const dir = "content/articles/2026/11";
const story = `${dir}/harbour-reopens.md`;

/** Every file under `folder` with the hash of its bytes. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return files;
}

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

async function site(): Promise<string> {
  root = await writeTree({
    "newsdeck.config.mjs": "export default { images: { widths: [160, 320] } };\n",
    [`${dir}/harbour.jpg`]: await makeJpeg({ width: 400, height: 300, seed: 1 }),
    [`${dir}/crane.jpg`]: await makeJpeg({ width: 400, height: 300, seed: 2 }),
    [`${dir}/quay.jpg`]: await makeJpeg({ width: 400, height: 300, seed: 3 }),
    [`${dir}/dock.jpg`]: await makeJpeg({ width: 400, height: 300, seed: 4 }),
    [story]: article(
      {
        title: "Harbour reopens",
        date: "2026-11-20T08:00:00Z",
        section: "news",
        image: { src: "./harbour.jpg", alt: "Cranes" },
        gallery: [
          { src: "./quay.jpg", alt: "The quay" },
          { src: "./crane.jpg", alt: "A crane" },
        ],
      },
      "The harbour reopened.\n\n![Dock workers](./dock.jpg)\n",
    ),
  });
  return root;
}

/** The line of `text` in the article file, 1-based. */
async function lineOf(siteRoot: string, text: string): Promise<number> {
  const lines = (await readFile(path.join(siteRoot, story), "utf8")).split("\n");
  return lines.findIndex((line) => line.includes(text)) + 1;
}

const truncate = async (file: string) => writeFile(file, (await readFile(file)).subarray(0, 600));
const garble = (file: string) => writeFile(file, "this is not a picture\n");

describe("broken images", () => {
  it.each([
    ["a truncated gallery image", "crane.jpg", truncate, "gallery.1.src", "ImageInvalid"],
    ["a hero that is not an image", "harbour.jpg", garble, "image.src", "ImageInvalid"],
    ["a missing hero", "harbour.jpg", (file: string) => rm(file), "image.src", "ImageNotFound"],
  ])(
    "%s is reported with the article file and the field, fails the build and keeps the previous dist",
    async (_name, image, damage, field, code) => {
      const siteRoot = await site();
      const outDir = path.join(siteRoot, "dist");
      const good = await build({ root: siteRoot, outDir, now: testNow });
      expect(good.exitCode).toBe(0);
      const before = await snapshot(outDir);

      await damage(path.join(siteRoot, dir, image));
      const broken = await build({ root: siteRoot, outDir, now: testNow });
      expect(broken.exitCode).toBe(1);
      const errors = broken.diagnostics.filter((d) => d.severity === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code, file: story, field });
      expect(errors[0]?.message).toContain(`./${image}`);
      expect(await snapshot(outDir)).toEqual(before);
    },
  );

  it("a corrupt body image is reported at its line in the article file", async () => {
    const siteRoot = await site();
    await truncate(path.join(siteRoot, dir, "dock.jpg"));
    const result = await build({
      root: siteRoot,
      outDir: path.join(siteRoot, "dist"),
      now: testNow,
    });
    expect(result.exitCode).toBe(1);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "ImageInvalid",
      file: story,
      line: await lineOf(siteRoot, "![Dock workers]"),
    });
    expect(errors[0]?.message).toMatch(/dock\.jpg.*not a readable image/);
  });
});
