import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readHeadersFile, valuesFor } from "../cdn/read-headers-file.js";
import { repoRoot } from "../helpers/build-site.js";
import { type Chromium, launchChromium } from "./launch-chromium.js";
import type { PageWindow } from "./page-globals.js";
import { accessibilityViolations, viewports, visitPage } from "./visit-page.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

const { origin, pages } = inject("sampleSite");
const screenshots = path.join(repoRoot, "test-artifacts", "screenshots");
const searchUrl = `${origin}/search/`;

let browser: Chromium;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Types a query into the field and presses Enter, as a keyboard user does. */
async function search(page: Page, query: string): Promise<string> {
  const field = page.getByLabel("Search for");
  await field.fill(query);
  await field.press("Enter");
  return status(page, query.trim() ? `“${query.trim()}”` : "Type a word");
}

/** Waits for the status line to say how the search for `about` went, and returns it. */
async function status(page: Page, about = ""): Promise<string> {
  await page.waitForFunction((words) => {
    const text = window.document.querySelector("[data-search-status]")?.textContent ?? "";
    return text.includes(words) && /results?\b|No results|Type a word/.test(text);
  }, about);
  return (await page.locator("[data-search-status]").textContent()) ?? "";
}

/** The links, labels and dates of the results shown. */
async function shown(page: Page) {
  return page.locator(".search-result").evaluateAll((items) =>
    items.map((item) => ({
      href: item.querySelector(".search-result__title a")?.getAttribute("href") ?? "",
      label: item.querySelector(".search-result__label a")?.textContent ?? "",
      date: item.querySelector("time")?.getAttribute("datetime") ?? "",
    })),
  );
}

describe("the search page", () => {
  it("finds the story a query names first, most relevant first, with its headline, date, section, summary and thumbnail", async () => {
    const visit = await visitPage(browser.context, searchUrl, { viewport: viewports.desktop });
    try {
      const { page } = visit;
      await page.getByLabel("Order", { exact: true }).selectOption("relevance");
      expect(await search(page, "ransomware hospitals")).toMatch(
        /^\d+ results? for “ransomware hospitals”, most relevant first\.$/,
      );
      const first = page.locator(".search-result").first();
      expect(await first.locator(".search-result__title a").getAttribute("href")).toBe(
        pages.article,
      );
      expect(await first.locator(".search-result__label a").textContent()).toBeTruthy();
      expect(await first.locator("time").getAttribute("datetime")).toMatch(/^2026-\d\d-\d\dT/);
      expect(await first.locator(".search-result__summary").textContent()).toBeTruthy();
      expect(await first.locator(".search-result__excerpt mark").count()).toBeGreaterThan(0);
      const thumb = first.locator("img.search-result__thumb");
      await thumb.scrollIntoViewIfNeeded();
      await expect
        .poll(() =>
          thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
      // The query is in the address, so a search can be shared and reloaded.
      expect(new URL(page.url()).searchParams.get("q")).toBe("ransomware hospitals");
      expect(new URL(page.url()).searchParams.get("sort")).toBe("relevance");
      expect(visit.problems).toEqual([]);
      await page.screenshot({ path: path.join(screenshots, "search-desktop.png"), fullPage: true });
    } finally {
      await visit.close();
    }
  });

  it("lists results newest first by default, across months, and shows more on request", async () => {
    const visit = await visitPage(browser.context, searchUrl, { viewport: viewports.desktop });
    try {
      const { page } = visit;
      const said = await search(page, "the");
      const total = Number(/^(\d+) results/.exec(said)?.[1]);
      expect(said).toContain("newest first");
      expect(total).toBeGreaterThan(10);
      expect((await shown(page)).length).toBe(10);
      const more = page.getByRole("button", { name: "Show more results" });
      await more.focus();
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await shown(page)).length).toBeGreaterThan(10);
      // Keyboard focus moves on to the first new result.
      expect(
        await page.evaluate(() => window.document.activeElement?.getAttribute("href") ?? ""),
      ).toBe((await shown(page))[10]?.href);
      while (await more.isVisible()) await more.click();
      const results = await shown(page);
      expect(results.length).toBe(total);
      const dates = results.map((r) => r.date).filter(Boolean);
      const months = new Set(dates.map((d) => d.slice(0, 7)));
      expect(months.size).toBeGreaterThan(1);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("narrows the results with a filter, and says so when nothing matches or nothing was asked", async () => {
    const visit = await visitPage(browser.context, searchUrl, { viewport: viewports.desktop });
    try {
      const { page } = visit;
      const all = Number(/^(\d+) results/.exec(await search(page, "the"))?.[1]);
      const sections = await page
        .locator("#search-filter-section option")
        .evaluateAll((options) => options.map((o) => o.getAttribute("value") ?? ""));
      const section = sections.find((value) => value !== "") ?? "";
      await page.getByLabel("Section", { exact: true }).selectOption(section);
      const said = await status(page, "with these filters");
      const count = Number(/^(\d+) results?/.exec(said)?.[1]);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(all);
      for (const result of await shown(page)) expect(result.label).toBe(section);
      expect(new URL(page.url()).searchParams.get("section")).toBe(section);

      expect(await search(page, "zyxwvutsrq")).toBe(
        "No results for “zyxwvutsrq” with these filters.",
      );
      await page.getByLabel("Section", { exact: true }).selectOption("");
      expect(await status(page, "“zyxwvutsrq”.")).toBe("No results for “zyxwvutsrq”.");
      expect(await page.locator(".search-result").count()).toBe(0);
      expect(await search(page, "   ")).toBe("Type a word or two to search the stories.");
      expect(await page.locator(".search-result").count()).toBe(0);
      // The announcement is a polite live region: screen readers read the count out.
      expect(await page.locator("[data-search-status]").getAttribute("role")).toBe("status");
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("runs the search in a link's query, at 375 px without sideways scrolling", async () => {
    const visit = await visitPage(browser.context, `${searchUrl}?q=water`, {
      viewport: viewports.mobile,
    });
    try {
      const { page } = visit;
      expect(await status(page)).toMatch(/^\d+ results? for “water”/);
      expect(await page.getByLabel("Search for").inputValue()).toBe("water");
      for (const width of [375, 320]) {
        await page.setViewportSize({ width, height: 800 });
        const overflow = await page.evaluate(
          () => window.document.scrollingElement?.scrollWidth ?? 0,
        );
        expect(overflow, `${width} px`).toBeLessThanOrEqual(width);
      }
      await page.screenshot({ path: path.join(screenshots, "search-mobile.png"), fullPage: true });
      expect(visit.problems).toEqual([]);
    } finally {
      await visit.close();
    }
  });

  it("has no WCAG 2.1 AA violation in light or dark mode, with results shown", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.context.newPage();
      try {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize(viewports.desktop);
        await page.goto(`${searchUrl}?q=water`);
        expect(await status(page)).toMatch(/results? for/);
        await page.locator(".search-result").first().waitFor();
        expect(await accessibilityViolations(page), colorScheme).toEqual([]);
        await page.screenshot({
          path: path.join(screenshots, `search-${colorScheme}.png`),
          fullPage: true,
        });
      } finally {
        await page.close();
      }
    }
  });

  it("works under the site's own Content-Security-Policy from _headers", async () => {
    const rules = readHeadersFile(await (await fetch(`${origin}/_headers`)).text());
    const csp = valuesFor(rules, "/search/", "content-security-policy")[0] ?? "";
    expect(csp).toContain("'wasm-unsafe-eval'");
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") violations.push(message.text());
    });
    try {
      // The test server sends no headers of its own: every response gets the CDN's CSP.
      await page.route(`${origin}/**`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), "content-security-policy": csp },
        });
      });
      await page.goto(`${searchUrl}?q=ransomware`);
      expect(await status(page)).toMatch(/^\d+ results? for “ransomware”/);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("is linked from every page's header, and no other page loads the search code", async () => {
    const visit = await visitPage(browser.context, origin + pages.article, {
      viewport: viewports.desktop,
    });
    try {
      const { page, responses } = visit;
      const link = page.locator(".site-header a[href='/search/']");
      expect(await link.textContent()).toBe("Search");
      const loaded = responses.map((r) => new URL(r.url()).pathname);
      expect(loaded.filter((p) => p.startsWith("/pagefind/") || /\/search\./.test(p))).toEqual([]);
      await link.click();
      await page.waitForURL(searchUrl);
      expect(await page.getByLabel("Search for").isVisible()).toBe(true);
    } finally {
      await visit.close();
    }
  });
});
