import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../helpers/build-site.js";
import { type Chromium, launchChromium } from "./launch-chromium.js";
import type { PageWindow } from "./page-globals.js";
import { accessibilityViolations, viewports, visitPage } from "./visit-page.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

const { origin, pages } = inject("sampleSite");
const screenshots = path.join(repoRoot, "test-artifacts", "screenshots");

let browser: Chromium;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("printing", () => {
  it("prints the story without navigation, comments or the call-to-action, and keeps the notice", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, {
      viewport: viewports.desktop,
    });
    try {
      const { page } = visit;
      expect(await page.locator("aside.donate").isVisible()).toBe(true);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("aside.donate").isVisible()).toBe(false);
      expect(await page.locator(".site-nav").isVisible()).toBe(false);
      expect(await page.locator(".skip-link").isVisible()).toBe(false);
      expect(await page.locator("h1").isVisible()).toBe(true);
      expect(await page.locator(".article__body").isVisible()).toBe(true);
      expect(await page.locator("aside.notice--disclaimer").isVisible()).toBe(true);
      await page.screenshot({ path: path.join(screenshots, "article-print.png"), fullPage: true });
    } finally {
      await visit.close();
    }
  });

  it("prints the address of each link in the text after it", async () => {
    const visit = await visitPage(browser.context, origin + pages.staticPage, {
      viewport: viewports.desktop,
    });
    try {
      const { page } = visit;
      await page.emulateMedia({ media: "print" });
      const links = await page
        .locator("main a[href^='/'], main a[href^='http']")
        .evaluateAll((elements) =>
          elements.map((element) => ({
            href: element.getAttribute("href"),
            after: window.getComputedStyle(element, "::after").content,
          })),
        );
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.after).toContain(link.href);
    } finally {
      await visit.close();
    }
  });
});

describe("dark mode", () => {
  it("switches to dark colours and still passes axe (WCAG 2.1 AA, contrast included)", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, {
      viewport: viewports.mobile,
    });
    try {
      const { page } = visit;
      const light = await page.evaluate(
        () => window.getComputedStyle(window.document.body).backgroundColor,
      );
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await page.evaluate(
        () => window.getComputedStyle(window.document.body).backgroundColor,
      );
      expect(dark).not.toBe(light);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshots, "article-dark-375.png"),
        fullPage: true,
      });
      await page.emulateMedia({ colorScheme: "dark", media: "print" });
      const printed = await page.evaluate(
        () => window.getComputedStyle(window.document.body).backgroundColor,
      );
      expect(printed).toBe("rgb(255, 255, 255)");
    } finally {
      await visit.close();
    }
  });
});

describe("reduced motion", () => {
  it("scrolls smoothly to in-page targets only for readers who have not asked for less motion", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, {
      viewport: viewports.desktop,
    });
    try {
      const { page } = visit;
      const scrollBehavior = () =>
        page.evaluate(
          () => window.getComputedStyle(window.document.documentElement).scrollBehavior,
        );
      await page.emulateMedia({ reducedMotion: "no-preference" });
      expect(await scrollBehavior()).toBe("smooth");
      await page.emulateMedia({ reducedMotion: "reduce" });
      expect(await scrollBehavior()).toBe("auto");
      const moving = await page.evaluate(
        () =>
          Array.from(window.document.querySelectorAll("*")).filter((element) => {
            const style = window.getComputedStyle(element);
            return (
              style.animationName !== "none" ||
              style.transitionDuration.split(",").some((d) => Number.parseFloat(d) > 0.01)
            );
          }).length,
      );
      expect(moving).toBe(0);
    } finally {
      await visit.close();
    }
  });
});
