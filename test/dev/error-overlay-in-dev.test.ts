import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { pollUntil, type RunningDev, startFixtureDev } from "./dev-harness.js";

const ferryFile = "content/articles/2026/11/ferry-timetable.md";
const ferry = "/town/2026/11/20/ferry-timetable/";
const overlay = "#newsdeck-error-overlay";

describe("the dev server when a build fails", () => {
  let dev: RunningDev;
  beforeEach(async () => {
    dev = await startFixtureDev();
  }, 120_000);
  afterEach(async () => {
    await dev?.cleanup();
  });

  it("keeps serving the last good build with an overlay naming file:line:column and the hint, until the fix", async () => {
    const good = await readFile(path.join(dev.root, ferryFile), "utf8");
    await dev.write(
      ferryFile,
      good.replace("date: 2026-11-20T08:00:00Z", "date: 20 Nov <b>2026</b>"),
    );
    const broken = await pollUntil(async () => {
      const page = await dev.get(ferry);
      return page.$(overlay).length > 0 && page;
    }, "the overlay");
    expect(broken.status).toBe(200);
    expect(broken.$("h1").first().text()).toBe("Winter ferry timetable cuts the late crossing");
    const text = broken.$(overlay).text();
    expect(text).toContain(`${ferryFile}:3:7`);
    expect(text).toMatch(/hint: /);
    expect(text).toContain("> 3 | date: 20 Nov <b>2026</b>");
    expect(broken.$(`${overlay} b`).length).toBe(0);
    const other = await dev.get("/sport/");
    expect(other.$(overlay).text()).toContain(`${ferryFile}:3:7`);
    expect(dev.output()).toContain(`${ferryFile}:3:7`);
    expect(dev.output()).toContain("still serving the last good build");

    await dev.write(ferryFile, good);
    await pollUntil(
      async () => (await dev.get(ferry)).$(overlay).length === 0,
      "the overlay to go",
    );
    expect((await dev.get("/sport/")).$(overlay).length).toBe(0);
  });

  it("shows an article saved empty for a moment as a located error, then recovers when it is filled", async () => {
    const good = await readFile(path.join(dev.root, ferryFile), "utf8");
    const since = dev.builds.length;
    await dev.write(ferryFile, "");
    const failed = await pollUntil(
      async () => dev.builds.slice(since).find((b) => !b.ok),
      "the failed build",
    );
    expect(failed.failure?.kind).toBe("errors");
    const page = await dev.get(ferry);
    expect(page.$(overlay).text()).toContain(ferryFile);
    await dev.write(ferryFile, good);
    await pollUntil(async () => (await dev.get(ferry)).$(overlay).length === 0, "recovery");
    expect(dev.builds.at(-1)?.ok).toBe(true);
  });

  it("reports an exception inside the build like an error, escaped, and keeps watching", async () => {
    await dev.cleanup();
    // The real build, made to throw while a marker file exists: an exception, not a diagnostic.
    dev = await startFixtureDev("dev-newsroom", {
      build: (root) => async (options) => {
        if (existsSync(path.join(root, "content", "crash-now"))) {
          throw new Error("the renderer fell over <img src=x onerror=alert(1)>");
        }
        return build(options);
      },
    });
    const since = dev.builds.length;
    await dev.write("content/crash-now", "");
    const crashed = await pollUntil(
      async () => dev.builds.slice(since).find((b) => !b.ok),
      "the crashed build",
    );
    expect(crashed.failure?.kind).toBe("crash");
    const page = await dev.get(ferry);
    expect(page.status).toBe(200);
    expect(page.$(overlay).text()).toContain("The build crashed");
    expect(page.$(overlay).text()).toContain("the renderer fell over <img src=x onerror=alert(1)>");
    expect(page.$(`${overlay} img`).length).toBe(0);
    // The terminal may be coloured (picocolors colours output under CI=true): compare the text.
    expect(stripAnsi(dev.output())).toContain("the build crashed: Error: the renderer fell over");

    await rm(path.join(dev.root, "content", "crash-now"));
    await pollUntil(async () => (await dev.get(ferry)).$(overlay).length === 0, "recovery");
    const good = await readFile(path.join(dev.root, ferryFile), "utf8");
    await dev.write(ferryFile, good.replace("reviewed in March", "reviewed after the crash"));
    await pollUntil(
      async () => (await dev.get(ferry)).text.includes("reviewed after the crash"),
      "a rebuild after the crash",
    );
  });
});

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
