import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { listen, PortBusyError } from "../../src/dev/listen.js";
import { isEditorNoise, isSiteSource } from "../../src/dev/watch-site.js";

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
