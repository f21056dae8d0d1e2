import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { commitMarker } from "../../src/write/output-writer.js";
import { copySources, hashOutputFiles, testNow, writeTree } from "../helpers/build-site.js";

const story = (title: string, day: number) =>
  `---\ntitle: "${title}"\ndate: 2026-11-${String(day).padStart(2, "0")}T08:00:00Z\nsection: news\ntags: [Harbour]\n---\nText of ${title}.\n`;

const config = `export default { site: { title: "T", url: "https://example.org" }, sections: { news: { title: "News" } } };\n`;

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function site(): Promise<string> {
  const root = await writeTree({
    "newsdeck.config.mjs": config,
    "content/articles/ferry.md": story("Ferry runs late", 20),
    "content/articles/bridge.md": story("Bridge opens", 21),
    "content/articles/quay.md": story("Quay repaired", 19),
    "public/feature": "a plain file where a page will later be\n",
  });
  roots.push(root);
  return root;
}

const run = (root: string) => build({ root, now: testNow, threads: 0 });

/** Builds a copy of the site's current sources from scratch, for comparison. */
async function cleanBuild(root: string): Promise<Record<string, string>> {
  const copy = await copySources(root);
  roots.push(copy);
  expect((await run(copy)).exitCode).toBe(0);
  return hashOutputFiles(path.join(copy, "dist"));
}

describe("a warm build into the folder the last build wrote", { timeout: 120_000 }, () => {
  it("changes only the changed files, removes what is gone with its folders, and equals a clean build", async () => {
    const root = await site();
    const dist = path.join(root, "dist");
    expect((await run(root)).exitCode).toBe(0);
    // Related stories are earlier ones: removing the ferry story leaves the quay page as it was.
    const quayPage = path.join(dist, "news/2026/11/19/quay/index.html");
    const quayInode = (await stat(quayPage)).ino;

    await rm(path.join(root, "content/articles/ferry.md"));
    expect((await run(root)).exitCode).toBe(0);
    expect((await stat(quayPage)).ino).toBe(quayInode);
    expect(existsSync(path.join(dist, "news/2026/11/20"))).toBe(false);
    expect(await hashOutputFiles(dist)).toEqual(await cleanBuild(root));

    // A file becomes a folder: public/feature goes, a page /feature/ comes.
    await rm(path.join(root, "public/feature"));
    await mkdir(path.join(root, "content/pages"), { recursive: true });
    await writeFile(
      path.join(root, "content/pages/feature.md"),
      `---\ntitle: "Feature"\n---\nA page.\n`,
    );
    expect((await run(root)).exitCode).toBe(0);
    expect((await stat(path.join(dist, "feature"))).isDirectory()).toBe(true);
    expect(existsSync(path.join(dist, commitMarker))).toBe(false);
    expect(await hashOutputFiles(dist)).toEqual(await cleanBuild(root));

    // And back: the folder becomes a file again.
    await rm(path.join(root, "content/pages/feature.md"));
    await writeFile(path.join(root, "public/feature"), "a file again\n");
    expect((await run(root)).exitCode).toBe(0);
    expect((await stat(path.join(dist, "feature"))).isFile()).toBe(true);
    expect(await hashOutputFiles(dist)).toEqual(await cleanBuild(root));
  });

  it("trusts nothing in the folder after an interrupted commit, and replaces all of it", async () => {
    const root = await site();
    const dist = path.join(root, "dist");
    expect((await run(root)).exitCode).toBe(0);
    const expected = await hashOutputFiles(dist);
    // What a commit killed half-way leaves: the marker, and a page with other bytes of the
    // same length (which the size check alone would take for the right file).
    const page = path.join(dist, "news/2026/11/21/bridge/index.html");
    const text = await readFile(page, "utf8");
    await writeFile(page, text.replace("Bridge opens", "BRIDGE OPENS"));
    await writeFile(path.join(dist, commitMarker), "");

    expect((await run(root)).exitCode).toBe(0);
    expect(await hashOutputFiles(dist)).toEqual(expected);
    expect(existsSync(path.join(dist, commitMarker))).toBe(false);
  });

  it("leaves the folder as it was when the build fails", async () => {
    const root = await site();
    const dist = path.join(root, "dist");
    expect((await run(root)).exitCode).toBe(0);
    const expected = await hashOutputFiles(dist);
    await writeFile(path.join(root, "content/articles/ferry.md"), story("Ferry changed", 20));
    await writeFile(path.join(root, "content/articles/broken.md"), "---\ntitle: [unclosed\n---\n");
    expect((await run(root)).exitCode).toBe(1);
    expect(await hashOutputFiles(dist)).toEqual(expected);
  });
});
