import { describe, expect, it } from "vitest";
import { outputPathToUrl, planReload } from "../../src/dev/plan-reload.js";

const hashes = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([file, hash]) => [file, { hash }]));
const readers = (previous: Record<string, string>, next: Record<string, string>) => ({
  previous: async (file: string) => previous[file],
  next: async (file: string) => next[file],
});

describe("planning a reload from two builds' file hashes", () => {
  it("names changed, added and removed pages by URL, other served files as assets", async () => {
    const plan = await planReload(
      hashes({
        "index.html": "a",
        "town/x/index.html": "b",
        "gone/index.html": "c",
        "feed.xml": "d",
      }),
      hashes({
        "index.html": "a",
        "town/x/index.html": "B",
        "new/index.html": "e",
        "feed.xml": "D",
        ".newsdeck/manifest.json": "f",
      }),
      readers({}, {}),
    );
    expect(plan.pages).toEqual(["/gone/", "/new/", "/town/x/"]);
    expect(plan.assets).toEqual(["/feed.xml"]);
    expect(plan.stylesheets).toEqual({});
    expect(plan.restyled).toBe(0);
  });

  it("treats pages that differ only by a renamed hashed stylesheet as restyled, not changed", async () => {
    const before = '<link rel="stylesheet" href="/assets/style.aaaaaaaaaa.css"><h1>Hi</h1>';
    const after = '<link rel="stylesheet" href="/assets/style.bbbbbbbbbb.css"><h1>Hi</h1>';
    const edited = '<link rel="stylesheet" href="/assets/style.bbbbbbbbbb.css"><h1>Hello</h1>';
    const plan = await planReload(
      hashes({ "index.html": "1", "a/index.html": "2", "assets/style.aaaaaaaaaa.css": "3" }),
      hashes({ "index.html": "4", "a/index.html": "5", "assets/style.bbbbbbbbbb.css": "6" }),
      readers(
        { "index.html": before, "a/index.html": before },
        { "index.html": after, "a/index.html": edited },
      ),
    );
    expect(plan.stylesheets).toEqual({
      "/assets/style.aaaaaaaaaa.css": "/assets/style.bbbbbbbbbb.css",
    });
    expect(plan.restyled).toBe(1);
    expect(plan.pages).toEqual(["/a/"]);
    expect(plan.assets).toEqual([]);
  });

  it("maps output files to the URLs browsers use", () => {
    expect(outputPathToUrl("index.html")).toBe("/");
    expect(outputPathToUrl("town/2026/11/20/ferry/index.html")).toBe("/town/2026/11/20/ferry/");
    expect(outputPathToUrl("404.html")).toBe("/404.html");
    expect(outputPathToUrl("images/a.jpg")).toBe("/images/a.jpg");
  });
});
