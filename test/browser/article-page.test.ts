import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Chromium, launchChromium } from "./launch-chromium.js";
import type { PageElement, PageWindow } from "./page-globals.js";
import { compressedWeight, viewports, visitPage } from "./visit-page.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

const { origin, pages, donateUrl, paymentOptionsUrl } = inject("sampleSite");

/** The parts of the reference page (shared/reference-article-anatomy.md), top to bottom. */
const anatomy = [
  ["section label", ".article__header .label--section"],
  ["topic label", ".article__header .label--topic"],
  ["headline", "h1.article__headline"],
  ["standfirst", ".article__standfirst"],
  ["byline with time", ".article__header .byline time"],
  ["hero figure", "figure.figure--hero img"],
  ["hero caption and credit", "figure.figure--hero figcaption"],
  ["dateline", ".article__body .dateline"],
  ["production credits", ".article__credits"],
  ["gallery", "section.gallery"],
  ["disclaimer", "aside.notice--disclaimer"],
  ["comment policy", "section.comments .comments__policy"],
  ["donation call-to-action", "aside.donate"],
] as const;

let browser: Chromium;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(Object.entries(viewports))("the article page at %s width", (_name, viewport) => {
  it("shows every part of the reference page, in reading order from top to bottom", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      const tops: { part: string; top: number }[] = [];
      for (const [part, selector] of anatomy) {
        const element = visit.page.locator(selector).first();
        await element.scrollIntoViewIfNeeded();
        expect(await element.isVisible(), `${part} (${selector}) is visible`).toBe(true);
        const box = await element.boundingBox();
        const scrollY = await visit.page.evaluate(() => window.scrollY);
        tops.push({ part, top: Math.round((box?.y ?? Number.NaN) + scrollY) });
      }
      const sorted = [...tops].sort((a, b) => a.top - b.top);
      expect(tops.map((t) => t.part)).toEqual(sorted.map((t) => t.part));
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("offers a prominent support button to the configured URL and a payment options link", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      const button = visit.page.locator("aside.donate a.button");
      await button.scrollIntoViewIfNeeded();
      expect(await button.isVisible()).toBe(true);
      expect(await button.getAttribute("href")).toBe(donateUrl);
      const box = await button.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      const colours = await button.evaluate((element) => ({
        button: window.getComputedStyle(element).backgroundColor,
        page: window.getComputedStyle(window.document.body).backgroundColor,
      }));
      expect(colours.button).not.toBe(colours.page);

      const secondary = visit.page.locator("aside.donate a", { hasText: "Payment options" });
      expect(await secondary.isVisible()).toBe(true);
      expect(await secondary.getAttribute("href")).toBe(paymentOptionsUrl);
    } finally {
      await visit.close();
    }
  });
});

describe("the article page", () => {
  const viewport = viewports.desktop;

  it("sets the disclaimer, the comment policy and the call-to-action apart from the story and from each other", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      const looks = await visit.page.evaluate(() =>
        ["aside.notice--disclaimer", "section.comments", "aside.donate", ".article__body"].map(
          (selector) => {
            const style = window.getComputedStyle(
              window.document.querySelector(selector) as PageElement,
            );
            return [
              style.backgroundColor,
              style.borderTopWidth,
              style.borderTopColor,
              style.borderLeftWidth,
              style.borderLeftColor,
            ].join(" ");
          },
        ),
      );
      expect(new Set(looks).size).toBe(looks.length);
    } finally {
      await visit.close();
    }
  });

  it("sets the body text in a comfortable measure and line height", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      const text = await visit.page
        .locator(".article__body p")
        .nth(1)
        .evaluate((element) => {
          const style = window.getComputedStyle(element);
          const fontSize = Number.parseFloat(style.fontSize);
          return {
            fontSize,
            lineHeight: Number.parseFloat(style.lineHeight) / fontSize,
            // Average Latin characters are about half an em wide.
            charactersPerLine: element.getBoundingClientRect().width / (fontSize * 0.5),
          };
        });
      expect(text.fontSize).toBeGreaterThanOrEqual(16);
      expect(text.lineHeight).toBeGreaterThanOrEqual(1.4);
      expect(text.lineHeight).toBeLessThanOrEqual(1.8);
      expect(text.charactersPerLine).toBeLessThanOrEqual(85);
    } finally {
      await visit.close();
    }
  });

  it("leaves out the notice when the story says disclaimer: none, and keeps comments and the call-to-action", async () => {
    const visit = await visitPage(browser.context, origin + pages.articleWithoutDisclaimer, {
      viewport,
    });
    try {
      expect(await visit.page.locator(".notice--disclaimer").count()).toBe(0);
      expect(await visit.page.locator("section.comments").isVisible()).toBe(true);
      expect(await visit.page.locator("aside.donate a.button").getAttribute("href")).toBe(
        donateUrl,
      );
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("weighs under 30 KB gzip-compressed without images, all from its own origin, with no script", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      await visit.page.waitForLoadState("networkidle");
      const weight = await compressedWeight(visit.responses);
      expect(weight).toBeGreaterThan(1000);
      expect(weight).toBeLessThan(30 * 1024);
      const foreign = visit.responses.map((r) => r.url()).filter((url) => !url.startsWith(origin));
      expect(foreign).toEqual([]);
      const scripts = await visit.page.locator("script:not([type='application/ld+json'])").count();
      expect(scripts).toBe(0);
    } finally {
      await visit.close();
    }
  });

  it("shows a skip link on the first Tab that takes keyboard users to the story, and outlines focused links", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, { viewport });
    try {
      const { page } = visit;
      await page.keyboard.press("Tab");
      const skip = page.locator(".skip-link");
      expect(await skip.evaluate((element) => element === window.document.activeElement)).toBe(
        true,
      );
      const box = await skip.boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect(
        await skip.evaluate((element) => window.getComputedStyle(element).outlineStyle),
      ).not.toBe("none");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => window.document.activeElement?.id)).toBe("main");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = window.document.activeElement as PageElement;
        const style = window.getComputedStyle(element);
        return {
          inMain: element.closest("main") !== null,
          outlineStyle: style.outlineStyle,
          outlineWidth: Number.parseFloat(style.outlineWidth),
        };
      });
      expect(focused.inMain).toBe(true);
      expect(focused.outlineStyle).not.toBe("none");
      expect(focused.outlineWidth).toBeGreaterThanOrEqual(2);
    } finally {
      await visit.close();
    }
  });
});
