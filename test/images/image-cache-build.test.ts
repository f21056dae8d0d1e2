import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { build } from "../../src/build.js";
import {
  article,
  type BuiltSite,
  buildSite,
  openBuiltSite,
  testNow,
} from "../helpers/build-site.js";
import { makeJpeg, makePng } from "./make-image.js";

// Every sharp pipeline the build starts, counted: a warm build must start none.
const sharpCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("sharp", async (importOriginal) => {
  const actual = (await importOriginal<typeof import("sharp")>()).default;
  const counted = (...args: Parameters<typeof actual>) => {
    sharpCalls.count++;
    return actual(...args);
  };
  return { default: Object.assign(counted, actual) };
});

const dir = "content/articles/2026/11";

async function tree() {
  return {
    [`${dir}/harbour.jpg`]: await makeJpeg({ width: 1000, height: 600, seed: 1 }),
    [`${dir}/chart.png`]: await makePng({ width: 1000, height: 500, seed: 2, alpha: true }),
    [`${dir}/harbour-reopens.md`]: article(
      {
        title: "Harbour reopens",
        date: "2026-11-20T08:00:00Z",
        section: "news",
        image: { src: "./harbour.jpg", alt: "Cranes" },
        gallery: [{ src: "./chart.png", alt: "A chart" }],
      },
      "The harbour reopened.\n\n![The chart again](./chart.png)\n",
    ),
  };
}

/** Files under `folder` (dotfiles too), relative, sorted. */
async function everyFile(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
    .sort();
}

const sites: BuiltSite[] = [];
afterEach(async () => {
  for (const site of sites.splice(0)) await site.cleanup();
});

describe("the persistent image cache in builds", () => {
  it("does no image work when the images have not changed, and keeps the cache files as they were", async () => {
    const images = await tree();
    sharpCalls.count = 0;
    const cold = await buildSite(images);
    sites.push(cold);
    expect(cold.result.exitCode).toBe(0);
    expect(sharpCalls.count).toBeGreaterThan(0);

    const cacheDir = path.join(cold.root, ".newsdeck-cache", "images");
    const cacheFiles = await everyFile(cacheDir);
    expect(cacheFiles.filter((f) => f.endsWith("manifest.json"))).toHaveLength(2);
    const mtimes = await Promise.all(
      cacheFiles.map(async (f) => (await stat(path.join(cacheDir, f))).mtimeMs),
    );

    sharpCalls.count = 0;
    const outDir = path.join(cold.root, "dist-warm");
    const warm = openBuiltSite(
      cold.root,
      outDir,
      await build({ root: cold.root, outDir, now: testNow }),
    );
    expect(warm.result.exitCode).toBe(0);
    expect(sharpCalls.count).toBe(0);
    expect(await everyFile(cacheDir)).toEqual(cacheFiles);
    expect(
      await Promise.all(cacheFiles.map(async (f) => (await stat(path.join(cacheDir, f))).mtimeMs)),
    ).toEqual(mtimes);

    const coldImages = [...cold.result.files].filter(([f]) => f.startsWith("images/"));
    expect(coldImages.length).toBeGreaterThan(10);
    expect([...warm.result.files].filter(([f]) => f.startsWith("images/"))).toEqual(coldImages);
  });

  it("keeps the cache under build.cacheDir", async () => {
    const site = await buildSite({
      ...(await tree()),
      "newsdeck.config.mjs": 'export default { build: { cacheDir: "ci-cache/newsdeck" } };\n',
    });
    sites.push(site);
    expect(site.result.exitCode).toBe(0);
    const manifests = (await everyFile(path.join(site.root, "ci-cache/newsdeck/images"))).filter(
      (f) => f.endsWith("manifest.json"),
    );
    expect(manifests).toHaveLength(2);
  });

  it("gives byte-identical images and pages from two clean builds, each with its own cache", async () => {
    const images = await tree();
    const first = await buildSite(images);
    sites.push(first);
    const second = await buildSite(images);
    sites.push(second);
    expect(first.result.exitCode).toBe(0);
    expect(second.result.exitCode).toBe(0);
    const files = await everyFile(first.outDir);
    expect(files.filter((f) => f.startsWith("images/")).length).toBeGreaterThan(10);
    expect(await everyFile(second.outDir)).toEqual(files);
    for (const file of files) {
      const a = await readFile(path.join(first.outDir, file));
      const b = await readFile(path.join(second.outDir, file));
      expect(a.equals(b), `${file} differs between the two builds`).toBe(true);
    }
  });
});
