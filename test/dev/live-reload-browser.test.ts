import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultThemeDir } from "../../src/templates/create-template-engine.js";
import { pollUntil, type RunningDev, startFixtureDev, waitLimitMs } from "./dev-harness.js";

/** Debian's Chromium; the main suite runs without a browser, so this file needs one present. */
const chromiumPath = "/usr/bin/chromium";
const ferryFile = "content/articles/2026/11/ferry-timetable.md";
const ferry = "/town/2026/11/20/ferry-timetable/";
const rowing = "/sport/2026/11/26/rowing-regatta/";

/** Opens a page and plants a marker that only a reload would remove. */
async function openMarked(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction("document.documentElement.hasAttribute('data-newsdeck-build')");
  await page.evaluate("window.planted = true");
  return page;
}
// Browser-side code is passed as strings: the project's TypeScript has no DOM types.
const stillPlanted = (page: Page) => page.evaluate("window.planted === true");
const waitFor = (page: Page, expression: string) =>
  page.waitForFunction(expression, null, { timeout: waitLimitMs });

describe.runIf(existsSync(chromiumPath))(
  "the live-reload client in Chromium",
  { timeout: 180_000 },
  () => {
    let dev: RunningDev;
    let profile: string;
    let context: BrowserContext;
    beforeAll(async () => {
      dev = await startFixtureDev();
      profile = await mkdtemp(path.join(tmpdir(), "newsdeck-dev-chromium-"));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
        ],
      });
    }, 180_000);
    afterAll(async () => {
      await context?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
      await dev?.cleanup();
    });

    it("reloads the edited page only, swaps a new stylesheet in place, and shows then hides the overlay", async () => {
      const edited = await openMarked(context, new URL(ferry, dev.server.url).href);
      const other = await openMarked(context, new URL(rowing, dev.server.url).href);
      const source = await readFile(path.join(dev.root, ferryFile), "utf8");

      // An edit: the ferry page reloads with the new text; the rowing page hears it and stays.
      await dev.write(ferryFile, source.replace("reviewed in March", "reviewed in June"));
      await waitFor(edited, "document.body.textContent.includes('reviewed in June')");
      const generation = dev.builds.at(-1)?.generation ?? 0;
      await waitFor(
        other,
        `Number(document.documentElement.getAttribute('data-newsdeck-build')) >= ${generation}`,
      );
      expect(await stillPlanted(edited)).toBe(false);
      expect(await stillPlanted(other)).toBe(true);

      // A CSS-only change: both pages restyle, neither reloads.
      const edited2 = await openMarked(context, new URL(ferry, dev.server.url).href);
      await edited.close();
      const css = await readFile(path.join(defaultThemeDir, "assets", "style.css"), "utf8");
      await dev.write(
        "templates/assets/style.css",
        `${css}\nbody { outline: 3px solid rgb(1, 2, 3); }\n`,
      );
      for (const page of [edited2, other]) {
        await waitFor(page, "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'");
        expect(await stillPlanted(page)).toBe(true);
      }

      // A broken build: the overlay appears on every open page; the fix removes it, no reload.
      await dev.write(ferryFile, source.replace("section: town", "section: twon"));
      for (const page of [edited2, other]) {
        await page.waitForSelector("#newsdeck-error-overlay", { timeout: waitLimitMs });
        expect(await page.locator("#newsdeck-error-overlay").textContent()).toContain(
          `${ferryFile}:4:`,
        );
      }
      await dev.write(ferryFile, source.replace("reviewed in March", "reviewed in June"));
      for (const page of [edited2, other]) {
        await page.waitForSelector("#newsdeck-error-overlay", {
          state: "detached",
          timeout: waitLimitMs,
        });
        expect(await stillPlanted(page)).toBe(true);
      }
    });

    it("lets a hidden tab drop its connection, and on showing it catches up: reload only if its page changed", async () => {
      const edited = await openMarked(context, new URL(ferry, dev.server.url).href);
      const other = await openMarked(context, new URL(rowing, dev.server.url).href);
      const setHidden = (page: Page, hidden: boolean) =>
        page.evaluate(
          `Object.defineProperty(document, "hidden", { configurable: true, get: () => ${hidden} });
           document.dispatchEvent(new Event("visibilitychange"))`,
        );
      for (const page of context.pages()) if (page !== edited && page !== other) await page.close();
      await pollUntil(async () => dev.server.connectedBrowsers() === 2, "just these two tabs");
      await setHidden(edited, true);
      await setHidden(other, true);
      await pollUntil(async () => dev.server.connectedBrowsers() === 0, "the tabs to let go");

      const since = dev.builds.length;
      const source = await readFile(path.join(dev.root, ferryFile), "utf8");
      await dev.write(ferryFile, `${source.trimEnd()}\n\nA line added while nobody watched.\n`);
      await dev.buildsAfter(since, ferryFile);
      const generation = dev.builds.at(-1)?.generation ?? 0;
      expect(await stillPlanted(edited)).toBe(true);

      await setHidden(other, false);
      await setHidden(edited, false);
      await waitFor(
        edited,
        "document.body.textContent.includes('A line added while nobody watched')",
      );
      expect(await stillPlanted(edited)).toBe(false);
      await waitFor(
        other,
        `Number(document.documentElement.getAttribute('data-newsdeck-build')) >= ${generation}`,
      );
      expect(await stillPlanted(other)).toBe(true);
    });
  },
);
