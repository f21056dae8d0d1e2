import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDev, startFixtureDev } from "./dev-harness.js";

const ferry = "/town/2026/11/20/ferry-timetable/";
const draft = "/sport/2026/11/27/stadium-floodlights/";

describe("the dev server serving a built site", () => {
  let dev: RunningDev;
  beforeAll(async () => {
    dev = await startFixtureDev();
  }, 120_000);
  afterAll(async () => {
    await dev?.cleanup();
  });

  it("serves folder URLs from index.html as UTF-8 HTML that nothing may cache", async () => {
    const page = await dev.get(ferry);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.$("h1").first().text()).toBe("Winter ferry timetable cuts the late crossing");
  });

  it("redirects a folder URL without its slash to the slashed one", async () => {
    const page = await dev.get("/town");
    expect(page.status).toBe(301);
    expect(page.headers.location).toBe("/town/");
  });

  it("includes drafts, marked with the preview banner", async () => {
    const page = await dev.get(draft);
    expect(page.status).toBe(200);
    expect(page.$(".preview-banner").text()).toBe("Draft: not published");
    const home = await dev.get("/");
    expect(home.$(`a[href="${draft}"]`).length).toBeGreaterThan(0);
  });

  it("serves other files with their own content types and no-store", async () => {
    const home = await dev.get("/");
    const stylesheet = home.$('link[rel="stylesheet"]').first().attr("href") ?? "";
    expect(stylesheet).toMatch(/^\/assets\/style\.[0-9a-f]+\.css$/);
    const css = await dev.get(stylesheet);
    expect(css.status).toBe(200);
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    expect(css.headers["cache-control"]).toBe("no-store");
    const feed = await dev.get("/feed.xml");
    expect(feed.status).toBe(200);
    expect(feed.headers["content-type"]).toMatch(/xml/);
    expect(feed.text).not.toContain("__newsdeck");
  });

  it("answers a missing page with the site's 404 page and status 404", async () => {
    const page = await dev.get("/town/no-such-story/");
    expect(page.status).toBe(404);
    expect(page.$("h1").text()).toMatch(/not|found/i);
    expect(page.$('script[src="/__newsdeck/client.js"]').attr("data-status")).toBe("404");
    const missingFile = await dev.get("/images/missing.jpg");
    expect(missingFile.status).toBe(404);
  });

  it("refuses paths that climb out of the output folder, plain or percent-encoded", async () => {
    for (const attempt of [
      "/../../../../etc/passwd",
      "/town/../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
      "/..%2f..%2fetc/passwd",
      "/town/..%5c..%5cetc/passwd",
    ]) {
      const response = await dev.get(attempt);
      expect([403, 404], attempt).toContain(response.status);
      expect(response.text, attempt).not.toContain("root:");
    }
    const escaped = await dev.get(`/../${path.basename(dev.server.tempDir)}/site/index.html`);
    expect([403, 404]).toContain(escaped.status);
  });

  it("adds the live-reload client to served HTML only, never to the files on disk", async () => {
    const served = await dev.get(ferry);
    expect(served.$('script[src="/__newsdeck/client.js"]').length).toBe(1);
    const onDisk = await readFile(
      path.join(dev.server.outDir, "town/2026/11/20/ferry-timetable/index.html"),
      "utf8",
    );
    expect(onDisk).not.toContain("__newsdeck");
    const client = await dev.get("/__newsdeck/client.js");
    expect(client.status).toBe(200);
    expect(client.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(client.text).toContain("EventSource");
  });

  it("builds into a temporary folder, never into the site's dist/", async () => {
    expect(dev.server.outDir.startsWith(dev.server.tempDir)).toBe(true);
    expect(path.relative(dev.root, dev.server.tempDir).startsWith("..")).toBe(true);
    expect(existsSync(path.join(dev.root, "dist"))).toBe(false);
  });
});
