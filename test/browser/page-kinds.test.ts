import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../helpers/build-site.js";
import { type Chromium, launchChromium } from "./launch-chromium.js";
import type { PageWindow } from "./page-globals.js";
import { accessibilityViolations, brokenImages, viewports, visitPage } from "./visit-page.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

const { origin, pages } = inject("sampleSite");
const screenshots = path.join(repoRoot, "test-artifacts", "screenshots");

const pageKinds = [
  { kind: "home", url: pages.home },
  { kind: "article", url: pages.article },
  { kind: "article-without-disclaimer", url: pages.articleWithoutDisclaimer },
  { kind: "section", url: pages.section },
  { kind: "section-page-2", url: pages.sectionPage2 },
  { kind: "tag", url: pages.tag },
  { kind: "author", url: pages.author },
  { kind: "static-page", url: pages.staticPage },
  { kind: "not-found", url: pages.notFound, status: 404 },
];

describe.each(Object.entries(viewports))("every page kind at %s width", (name, viewport) => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await launchChromium();
    await mkdir(screenshots, { recursive: true });
  });
  afterAll(() => browser?.close());

  it.each(pageKinds)(
    "the $kind page loads cleanly, shows every image, fits the screen and passes axe (WCAG 2.1 AA)",
    async ({ kind, url, status = 200 }) => {
      const visit = await visitPage(browser.context, origin + url, {
        viewport,
        expectedStatus: status,
      });
      try {
        expect(visit.response.status()).toBe(status);
        expect(await brokenImages(visit.page)).toEqual([]);
        const overflow = await visit.page.evaluate(() => ({
          scrollWidth: window.document.scrollingElement?.scrollWidth ?? 0,
          innerWidth: window.innerWidth,
        }));
        expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
        expect(await accessibilityViolations(visit.page)).toEqual([]);
        expect(visit.problems).toEqual([]);
        await visit.page.evaluate(() => window.scrollTo(0, 0));
        await visit.page.screenshot({
          path: path.join(screenshots, `${kind}-${name}-${viewport.width}.png`),
          fullPage: true,
        });
      } finally {
        await visit.close();
      }
    },
  );
});

describe("the narrowest phones", () => {
  it("show every page kind at 320 px without sideways scrolling", async () => {
    const browser = await launchChromium();
    try {
      const tooWide: string[] = [];
      for (const { kind, url, status = 200 } of pageKinds) {
        const visit = await visitPage(browser.context, origin + url, {
          viewport: { width: 320, height: 640 },
          expectedStatus: status,
        });
        try {
          const width = await visit.page.evaluate(
            () => window.document.scrollingElement?.scrollWidth ?? 0,
          );
          if (width > 320) tooWide.push(`${kind}: ${width}px`);
        } finally {
          await visit.close();
        }
      }
      expect(tooWide).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
