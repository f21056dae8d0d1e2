import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSearchIndex } from "../search/read-search-index.js";
import { pollUntil, type RunningDev, startFixtureDev } from "./dev-harness.js";

const ferryFile = "content/articles/2026/11/ferry-timetable.md";
const ferry = "/town/2026/11/20/ferry-timetable/";
const library = "/town/2026/11/24/library-reopens/";
const rowing = "/sport/2026/11/26/rowing-regatta/";

describe("the dev server rebuilding on change", () => {
  let dev: RunningDev;
  beforeEach(async () => {
    dev = await startFixtureDev();
  }, 120_000);
  afterEach(async () => {
    await dev?.cleanup();
  });

  const source = (rel: string) => readFile(path.join(dev.root, rel), "utf8");

  it("reports only the edited article's page when its body changes further down", async () => {
    const since = dev.builds.length;
    const text = await source(ferryFile);
    await dev.write(ferryFile, text.replace("reviewed in March", "reviewed in April"));
    const builds = await dev.buildsAfter(since, ferryFile);
    await pollUntil(async () => (await dev.get(ferry)).text.includes("reviewed in April"), "edit");
    expect(builds.every((b) => b.ok)).toBe(true);
    expect(builds.flatMap((b) => b.pages)).toEqual([ferry]);
    expect(dev.output()).toMatch(
      /1 page changed in \d+ ms \(content\/articles\/2026\/11\/ferry-timetable\.md changed\)/,
    );
  });

  it("serves a saved story first and brings the search index up to date in a build of its own", async () => {
    const since = dev.builds.length;
    const text = await source(ferryFile);
    await dev.write(ferryFile, text.replace("reviewed in March", "reviewed by the quartermaster"));
    await pollUntil(async () => (await dev.get(ferry)).text.includes("quartermaster"), "edit");
    await dev.server.settled();
    const builds = dev.builds.slice(since);
    expect(builds.map((b) => b.trigger)).toEqual([[`${ferryFile} changed`], ["search index"]]);
    expect(builds.every((b) => b.ok)).toBe(true);
    const index = await openSearchIndex(dev.server.outDir);
    try {
      expect((await index.search("quartermaster")).map((r) => r.url)).toEqual([ferry]);
    } finally {
      await index.close();
    }
  });

  it("renders again only what an edit affects: other pages are the served build's files, linked", async () => {
    const inode = async (url: string) =>
      (await stat(path.join(dev.server.outDir, url, "index.html"))).ino;
    const before = { rowing: await inode(rowing), ferry: await inode(ferry) };
    const since = dev.builds.length;
    const text = await source(ferryFile);
    await dev.write(ferryFile, text.replace("reviewed in March", "reviewed in May"));
    await dev.buildsAfter(since, ferryFile);
    await pollUntil(async () => (await dev.get(ferry)).text.includes("reviewed in May"), "edit");
    // A page taken from the previous build is a hard link to its file: the same inode.
    expect(await inode(rowing)).toBe(before.rowing);
    expect(await inode(ferry)).not.toBe(before.ferry);
    // A preview keeps its state in memory: the production build's record is not touched.
    const cacheFiles = await readdir(path.join(dev.root, ".newsdeck-cache"));
    expect(cacheFiles).not.toContain("state");
    expect(cacheFiles).not.toContain("schedule.json");
  });

  it("reports the article and the listings and related links it appears in, not unrelated pages, when a title changes", async () => {
    const since = dev.builds.length;
    const text = await source(ferryFile);
    await dev.write(ferryFile, text.replace("cuts the late crossing", "drops the last sailing"));
    const builds = await dev.buildsAfter(since, ferryFile);
    const pages = builds.flatMap((b) => b.pages);
    expect(pages).toEqual(
      expect.arrayContaining([ferry, "/", "/town/", "/tag/transport/", library]),
    );
    expect(pages).not.toContain(rowing);
    expect(pages).not.toContain("/sport/");
    expect(pages).not.toContain("/tag/rowing/");
    const home = await dev.get("/");
    expect(home.$(`a[href="${ferry}"]`).first().text()).toContain("drops the last sailing");
  });

  it("follows a write-to-temp-then-rename save and ignores editor swap and backup files", async () => {
    const since = dev.builds.length;
    await dev.write(`${ferryFile}.swp`, "vim swap");
    await dev.write("content/articles/2026/11/4913", "");
    await dev.write(`${ferryFile}~`, "backup");
    await dev.write("content/articles/2026/11/.#ferry-timetable.md", "lock");
    const text = await source(ferryFile);
    await dev.writeAtomically(ferryFile, text.replace("nine in the evening", "half past eight"));
    const builds = await dev.buildsAfter(since, ferryFile);
    const triggers = builds.flatMap((b) => b.trigger);
    expect(triggers.join("\n")).not.toMatch(/\.swp|4913|~|\.#|\.tmp/);
    const page = await dev.get(ferry);
    expect(page.text).toContain("half past eight");
  });

  it("moves an article: the old URL disappears, the new one appears, the listings follow", async () => {
    const since = dev.builds.length;
    await rename(
      path.join(dev.root, ferryFile),
      path.join(dev.root, "content/articles/2026/11/ferry-winter-timetable.md"),
    );
    const moved = "/town/2026/11/20/ferry-winter-timetable/";
    await pollUntil(async () => (await dev.get(moved)).status === 200, "the moved article");
    await pollUntil(async () => (await dev.get(ferry)).status === 404, "the old URL to go");
    await dev.server.settled();
    const town = await dev.get("/town/");
    expect(town.$(`a[href="${moved}"]`).length).toBeGreaterThan(0);
    expect(town.$(`a[href="${ferry}"]`).length).toBe(0);
    const pages = dev.builds.slice(since).flatMap((b) => b.pages);
    expect(pages).toEqual(expect.arrayContaining([ferry, moved, "/town/"]));
  });

  it("deletes an article: its page becomes a 404 and the listings drop it", async () => {
    await rm(path.join(dev.root, "content/articles/2026/11/rowing-regatta.md"));
    await pollUntil(async () => (await dev.get(rowing)).status === 404, "the deleted page to go");
    await dev.server.settled();
    const sport = await dev.get("/sport/");
    expect(sport.$(`a[href="${rowing}"]`).length).toBe(0);
  });

  it("picks up a new folder of articles, including a scheduled one with its banner", async () => {
    const folder = "content/articles/2026/12";
    const lines = (title: string, date: string) =>
      `---\ntitle: ${title}\ndate: ${date}\nsection: town\n---\nA short report.\n`;
    await dev.write(
      `${folder}/market-opens.md`,
      lines("Christmas market opens on the quays", "2026-11-28T09:00:00Z"),
    );
    await dev.write(
      `${folder}/lights-switch-on.md`,
      lines("Lights switch-on moved to Friday", "2026-12-04T18:00:00Z"),
    );
    const market = "/town/2026/11/28/market-opens/";
    const lights = "/town/2026/12/04/lights-switch-on/";
    await pollUntil(async () => (await dev.get(market)).status === 200, "the new article");
    const scheduled = await pollUntil(async () => {
      const page = await dev.get(lights);
      return page.status === 200 && page;
    }, "the scheduled article");
    expect(scheduled.$(".preview-banner").text()).toMatch(/^Scheduled for /);
    await dev.server.settled();
    const town = await dev.get("/town/");
    expect(town.$(`a[href="${market}"]`).length).toBeGreaterThan(0);
  });

  it("rebuilds every page when the config changes", async () => {
    const since = dev.builds.length;
    const config = await source("newsdeck.config.mjs");
    await dev.write(
      "newsdeck.config.mjs",
      config.replace("The Millbrook Echo", "The Millbrook Evening Echo"),
    );
    const builds = await dev.buildsAfter(since, "newsdeck.config.mjs");
    expect(builds.flatMap((b) => b.pages)).toEqual(expect.arrayContaining(["/", ferry, rowing]));
    expect((await dev.get(rowing)).$("title").text()).toContain("The Millbrook Evening Echo");
  });

  it("turns a burst of 50 saves within a second into a few builds and serves the last one", async () => {
    const since = dev.builds.length;
    const text = await source(ferryFile);
    for (let i = 1; i <= 50; i++) {
      await dev.write(ferryFile, text.replace("reviewed in March", `reviewed in draft ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const builds = await dev.buildsAfter(since, ferryFile);
    const page = await dev.get(ferry);
    expect(page.text).toContain("reviewed in draft 50");
    expect(page.text).not.toContain("reviewed in draft 49");
    expect(builds.length).toBeGreaterThanOrEqual(1);
    expect(builds.length).toBeLessThanOrEqual(4);
  });
});
