import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listen, PortBusyError } from "../../src/dev/listen.js";
import { isEditorNoise, isSiteSource, watchSite } from "../../src/dev/watch-site.js";

/** The file system watch handles this process holds. */
const watchHandles = () =>
  process.getActiveResourcesInfo().filter((kind) => kind === "FSEventWrap").length;

describe("which file changes trigger a rebuild", () => {
  it("ignores the files editors write while saving", () => {
    for (const noise of [
      ".ferry.md.swp",
      "ferry.md.swx",
      "ferry.md~",
      ".#ferry.md",
      "4913",
      "ferry.md.tmp",
      "ferry.md___jb_tmp___",
      ".DS_Store",
    ]) {
      expect(isEditorNoise(noise), noise).toBe(true);
    }
    expect(isEditorNoise("ferry.md")).toBe(false);
    expect(isEditorNoise("style.css")).toBe(false);
  });

  it("watches content/, templates/, public/ and the config, nothing else", () => {
    expect(isSiteSource("content/articles/2026/11/a.md")).toBe(true);
    expect(isSiteSource("templates/assets/style.css")).toBe(true);
    expect(isSiteSource("public/images/a.jpg")).toBe(true);
    expect(isSiteSource("newsdeck.config.ts")).toBe(true);
    expect(isSiteSource("newsdeck.config.mjs")).toBe(true);
    expect(isSiteSource("content")).toBe(true);
    expect(isSiteSource("dist/index.html")).toBe(false);
    expect(isSiteSource("node_modules/x/index.js")).toBe(false);
    expect(isSiteSource(".git/index")).toBe(false);
    expect(isSiteSource("content/articles/.a.md.swp")).toBe(false);
  });
});

describe("watching a site", () => {
  it("reports edits, new files, new folders with their files and removed folders, with a handle per folder", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "newsdeck-watch-"));
    const month = path.join(root, "content/articles/2026/05");
    await mkdir(month, { recursive: true });
    await mkdir(path.join(root, "dist"), { recursive: true });
    for (let n = 0; n < 40; n++) await writeFile(path.join(month, `story-${n}.md`), `story ${n}`);
    const events: string[] = [];
    const errors: unknown[] = [];
    const before = watchHandles();
    const watcher = await watchSite(
      root,
      (rel, event) => events.push(`${event} ${rel}`),
      (error) => errors.push(error),
    );
    const until = async (event: string) => {
      for (let i = 0; i < 200 && !events.includes(event); i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(events).toContain(event);
    };
    try {
      // The root, content/, articles/, 2026/ and 05/: folders, not the 40 stories in them.
      expect(watchHandles() - before).toBeLessThanOrEqual(6);
      expect(events).toEqual([]);
      await writeFile(path.join(month, "story-3.md"), "story 3, edited");
      await until("change content/articles/2026/05/story-3.md");
      await writeFile(path.join(month, "story-new.md"), "a new story");
      await until("add content/articles/2026/05/story-new.md");
      // An editor's atomic save: a temporary file renamed over the story.
      await writeFile(path.join(month, "story-4.md.tmp"), "story 4, saved atomically");
      await rename(path.join(month, "story-4.md.tmp"), path.join(month, "story-4.md"));
      await until("change content/articles/2026/05/story-4.md");
      await rm(path.join(month, "story-5.md"));
      await until("unlink content/articles/2026/05/story-5.md");
      await writeFile(path.join(root, "dist/index.html"), "not a source");
      await writeFile(path.join(month, ".story-6.md.swp"), "editor noise");
      await mkdir(path.join(root, "content/articles/2027/01"), { recursive: true });
      await writeFile(path.join(root, "content/articles/2027/01/b.md"), "b");
      await until("addDir content/articles/2027");
      await until("add content/articles/2027/01/b.md");
      await writeFile(path.join(root, "content/articles/2027/01/b.md"), "b, edited");
      await until("change content/articles/2027/01/b.md");
      await rm(path.join(root, "content/articles/2027"), { recursive: true });
      await until("unlinkDir content/articles/2027");
      await until("unlink content/articles/2027/01/b.md");
      expect(events.filter((event) => event.includes("dist/") || event.includes(".swp"))).toEqual(
        [],
      );
      expect(events.filter((event) => event.includes(".tmp"))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
      await rm(root, { recursive: true, force: true });
    }
    expect(watchHandles()).toBe(before);
  });
});

describe("listening on a port", () => {
  it("moves to a later port when the asked one is busy, and refuses when it was explicit", async () => {
    const holder = createServer();
    const mover = createServer();
    const strict = createServer();
    try {
      const busy = await listen(holder, { port: 0, host: "127.0.0.1", strictPort: false });
      const moved = await listen(mover, { port: busy, host: "127.0.0.1", strictPort: false });
      expect(moved).toBeGreaterThan(busy);
      await expect(
        listen(strict, { port: busy, host: "127.0.0.1", strictPort: true }),
      ).rejects.toBeInstanceOf(PortBusyError);
    } finally {
      for (const server of [holder, mover, strict]) server.close();
    }
  });
});
