import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultThemeDir } from "../../src/templates/create-template-engine.js";
import { pollUntil, type RunningDev, startFixtureDev } from "./dev-harness.js";

const ferryFile = "content/articles/2026/11/ferry-timetable.md";
const ferry = "/town/2026/11/20/ferry-timetable/";

interface ServerEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Listens to the dev server's Server-Sent Events like a browser's EventSource. */
function listenToEvents(base: string) {
  const events: ServerEvent[] = [];
  let buffer = "";
  const request = http.get(new URL("/__newsdeck/events", base), (response) => {
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf("\n\n");
      }
    });
  });
  request.on("error", () => {});
  return {
    events,
    next: (event: string, since: number) =>
      pollUntil(async () => events.slice(since).find((e) => e.event === event), `a ${event} event`),
    close: () => request.destroy(),
  };
}

describe("live reload", { timeout: 180_000 }, () => {
  let dev: RunningDev;
  beforeEach(async () => {
    dev = await startFixtureDev();
  }, 120_000);
  afterEach(async () => {
    await dev?.cleanup();
  });

  it("greets a browser with the served build, then names exactly the changed URLs", async () => {
    const stream = listenToEvents(dev.server.url);
    try {
      const hello = await stream.next("hello", 0);
      const served = (await dev.get(ferry)).$('script[src="/__newsdeck/client.js"]');
      expect(hello.data.session).toBe(served.attr("data-session"));
      expect(hello.data.generation).toBe(Number(served.attr("data-generation")));

      const since = stream.events.length;
      const text = await readFile(path.join(dev.root, ferryFile), "utf8");
      await dev.write(ferryFile, text.replace("reviewed in March", "reviewed in May"));
      const built = await stream.next("built", since);
      expect(built.data.pages).toEqual([ferry]);
      expect(built.data.generation).toBe((hello.data.generation as number) + 1);
      expect(built.data.stylesheets).toEqual({});
    } finally {
      stream.close();
    }
  });

  it("swaps a changed stylesheet without reloading pages", async () => {
    const before = (await dev.get(ferry)).$('link[rel="stylesheet"]').first().attr("href");
    const stream = listenToEvents(dev.server.url);
    try {
      await stream.next("hello", 0);
      const since = stream.events.length;
      const css = await readFile(path.join(defaultThemeDir, "assets", "style.css"), "utf8");
      await dev.write(
        "templates/assets/style.css",
        `${css}\n.headline { letter-spacing: 0.01em; }\n`,
      );
      const built = await stream.next("built", since);
      const after = (await dev.get(ferry)).$('link[rel="stylesheet"]').first().attr("href");
      expect(after).not.toBe(before);
      expect(built.data.stylesheets).toEqual({ [before ?? ""]: after });
      expect(built.data.pages).toEqual([]);
      const report = dev.builds.at(-1);
      expect(report?.restyled).toBeGreaterThan(0);
      expect(dev.output()).toMatch(/0 pages changed, \d+ restyled without a reload in \d+ ms/);
      const stylesheet = await dev.get(after ?? "");
      expect(stylesheet.text).toContain("letter-spacing: 0.01em");
    } finally {
      stream.close();
    }
  });

  it("announces a file under public/ as a changed asset, not as changed pages", async () => {
    const stream = listenToEvents(dev.server.url);
    try {
      await stream.next("hello", 0);
      const since = stream.events.length;
      await dev.write("public/notes/desk.txt", "First draft of the desk notes.\n");
      const built = await stream.next("built", since);
      expect(built.data.assets).toContain("/notes/desk.txt");
      expect((built.data.assets as string[]).filter((url) => url.includes("/."))).toEqual([]);
      expect(built.data.pages).toEqual([]);
      const served = await dev.get("/notes/desk.txt");
      expect(served.headers["content-type"]).toMatch(/^text\/plain/);
      expect(served.text).toBe("First draft of the desk notes.\n");
    } finally {
      stream.close();
    }
  });

  it("sends the overlay when a build fails and the next good build clears it", async () => {
    const stream = listenToEvents(dev.server.url);
    try {
      await stream.next("hello", 0);
      const since = stream.events.length;
      const text = await readFile(path.join(dev.root, ferryFile), "utf8");
      await dev.write(ferryFile, text.replace("section: town", "section: twon"));
      const failed = await stream.next("failed", since);
      expect(failed.data.overlay).toContain(`${ferryFile}:4:`);
      const again = stream.events.length;
      await dev.write(ferryFile, text);
      const built = await stream.next("built", again);
      expect(built.data.pages).toEqual([]);
      await pollUntil(
        async () => (await dev.get(ferry)).$("#newsdeck-error-overlay").length === 0,
        "the overlay to go",
      );
    } finally {
      stream.close();
    }
  });
});
