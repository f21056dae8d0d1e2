import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../helpers/build-site.js";
import { type Chromium, launchChromium } from "./launch-chromium.js";
import type { PageWindow } from "./page-globals.js";
import { accessibilityViolations, viewports, visitPage } from "./visit-page.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

const { origin, pages } = inject("sampleSite");
const screenshots = path.join(repoRoot, "test-artifacts", "screenshots");

/** The sample's story blocks, by the page that shows them. */
const blocks = [
  { url: pages.factsAndTimeline, selectors: ["aside.factbox", "section.timeline"] },
  {
    url: pages.storyBlocks,
    selectors: ["figure.pullquote", "figure.embed", "aside.donate--inline", "aside.related-card"],
  },
];

/** The player the sample's embed loads: served by the test, never by the network. */
const player = "https://www.youtube.com/embed/Lwandiso050?autoplay=1";

let browser: Chromium;
const toHost: string[] = [];
beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(screenshots, { recursive: true });
  // Every request to the embed's host is recorded and answered here, so a request made too
  // early is seen, and the player's frame loads without the network.
  await browser.context.route("https://www.youtube.com/**", (route) => {
    toHost.push(route.request().url());
    return route.fulfill({
      contentType: "text/html",
      body: "<!doctype html><title>Player</title><p>Player</p>",
    });
  });
});
afterAll(() => browser?.close());

describe.each(Object.entries(viewports))("story blocks at %s width", (name, viewport) => {
  it.each(blocks)(
    "are visible, fit the screen and pass axe in light and dark mode ($url)",
    async ({ url, selectors }) => {
      const visit = await visitPage(browser.context, origin + url, { viewport });
      try {
        const { page } = visit;
        for (const selector of selectors) {
          const block = page.locator(selector);
          expect(await block.count(), selector).toBe(1);
          await block.scrollIntoViewIfNeeded();
          expect(await block.isVisible(), selector).toBe(true);
          const box = await block.boundingBox();
          expect(box?.height ?? 0, selector).toBeGreaterThan(20);
          expect((box?.x ?? -1) + (box?.width ?? 0), selector).toBeLessThanOrEqual(viewport.width);
        }
        const width = await page.evaluate(() => window.document.scrollingElement?.scrollWidth ?? 0);
        expect(width).toBeLessThanOrEqual(viewport.width);
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme });
          expect(await accessibilityViolations(page), colorScheme).toEqual([]);
        }
        expect(visit.problems).toEqual([]);
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme });
          for (const selector of selectors)
            await page.locator(selector).screenshot({
              path: path.join(
                screenshots,
                `block-${selector.split(".")[1]}-${name}-${colorScheme}.png`,
              ),
            });
        }
      } finally {
        await visit.close();
      }
    },
  );
});

describe("the embed", () => {
  it("makes no request to the video's host until the reader presses play, then plays it in place", async () => {
    toHost.length = 0;
    const visit = await visitPage(browser.context, origin + pages.storyBlocks, {
      viewport: viewports.desktop,
    });
    const elsewhere: string[] = [];
    const outside = (request: Request) => {
      if (!request.url().startsWith(origin)) elsewhere.push(request.url());
    };
    visit.page.on("request", outside);
    try {
      const { page } = visit;
      const embed = page.locator("figure.embed");
      await embed.scrollIntoViewIfNeeded();
      await page.waitForLoadState("networkidle");
      // Loaded, scrolled to, looked at: nothing went to the host, nor anywhere but the site.
      expect(toHost).toEqual([]);
      expect(elsewhere).toEqual([]);
      expect(visit.responses.every((response) => response.url().startsWith(origin))).toBe(true);
      expect(await page.locator("iframe").count()).toBe(0);
      const link = embed.locator("a.embed__link");
      expect(await link.getAttribute("href")).toBe("https://www.youtube.com/watch?v=Lwandiso050");
      expect(await link.textContent()).toContain("Mapping leaks in Ekuphumleni");

      await link.click();
      const frame = embed.locator("iframe.embed__frame");
      await frame.waitFor();
      expect(await frame.getAttribute("src")).toBe(player);
      expect(await frame.getAttribute("title")).toBe("Mapping leaks in Ekuphumleni");
      expect(await frame.getAttribute("sandbox")).toBe(
        "allow-scripts allow-same-origin allow-popups allow-presentation",
      );
      await expect.poll(() => toHost).toEqual([player]);
      const content = await (await frame.elementHandle())?.contentFrame();
      await content?.waitForLoadState();
      expect(await content?.locator("p").textContent()).toBe("Player");
      // The story stays where it was, with the player focused.
      expect(page.url()).toBe(origin + pages.storyBlocks);
      expect(await page.evaluate(() => window.document.activeElement?.getAttribute("class"))).toBe(
        "embed__frame",
      );
      expect(elsewhere).toEqual([player]);
      expect(visit.problems).toEqual([]);
    } finally {
      visit.page.off("request", outside);
      await visit.close();
    }
  });

  it("plays from the keyboard too", async () => {
    toHost.length = 0;
    const visit = await visitPage(browser.context, origin + pages.storyBlocks, {
      viewport: viewports.mobile,
    });
    try {
      const link = visit.page.locator("figure.embed a.embed__link");
      await link.focus();
      expect(toHost).toEqual([]);
      await visit.page.keyboard.press("Enter");
      await visit.page.locator("figure.embed iframe").waitFor();
      await expect.poll(() => toHost).toEqual([player]);
    } finally {
      await visit.close();
    }
  });

  it("prints as its link, without the play button or the donation prompt", async () => {
    const visit = await visitPage(browser.context, origin + pages.storyBlocks, {
      viewport: viewports.desktop,
    });
    try {
      const { page } = visit;
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("a.embed__link").isVisible()).toBe(true);
      expect(await page.locator(".embed__play").isVisible()).toBe(false);
      expect(await page.locator("aside.donate--inline").isVisible()).toBe(false);
      expect(await page.locator("figure.pullquote").isVisible()).toBe(true);
      const after = await page
        .locator("a.embed__link")
        .evaluate((element) => window.getComputedStyle(element, "::after").content);
      expect(after).toContain("https://www.youtube.com/watch?v=Lwandiso050");
    } finally {
      await visit.close();
    }
  });
});
