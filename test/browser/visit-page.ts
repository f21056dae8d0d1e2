import { gzipSync } from "node:zlib";
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page, Response } from "playwright-core";
import type { PageWindow } from "./page-globals.js";

/** The page's global object, inside in-page callbacks (see page-globals.ts). */
declare const window: PageWindow;

/** The viewports every page kind is checked at: a small phone and a laptop. */
export const viewports = {
  mobile: { width: 375, height: 812 },
  desktop: { width: 1280, height: 800 },
} as const;

/** The WCAG 2.1 AA rule tags axe-core runs. */
const wcagAA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** A loaded page and what happened while it loaded. */
export interface VisitedPage {
  readonly page: Page;
  /** The main document's response. */
  readonly response: Response;
  /** Console errors, page errors, failed requests and error statuses, as readable lines. */
  readonly problems: string[];
  /** Every response the page received, in order. */
  readonly responses: Response[];
  /** Closes the tab. */
  close(): Promise<void>;
}

/**
 * Opens `url` in a new tab and records everything that went wrong while loading: console
 * errors, uncaught exceptions, failed requests and HTTP error statuses (except an expected
 * status of the document itself, such as the 404 page's).
 */
export async function visitPage(
  context: BrowserContext,
  url: string,
  options: { viewport: { width: number; height: number }; expectedStatus?: number },
): Promise<VisitedPage> {
  const expectedStatus = options.expectedStatus ?? 200;
  const page = await context.newPage();
  await page.setViewportSize(options.viewport);
  const problems: string[] = [];
  const responses: Response[] = [];
  const documentUrl = new URL(url).href;
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const expected =
      expectedStatus >= 400 &&
      message.location().url === documentUrl &&
      message.text().includes(`status of ${expectedStatus}`);
    if (!expected) problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    responses.push(response);
    const isDocument = response.url() === documentUrl;
    if (response.status() >= 400 && !(isDocument && response.status() === expectedStatus)) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response) throw new Error(`no response for ${url}`);
  return { page, response, problems, responses, close: () => page.close() };
}

/**
 * Scrolls every image into view (so lazy ones load), waits until each has finished, and
 * returns the `src` of those that did not decode (natural width 0).
 */
export async function brokenImages(page: Page): Promise<string[]> {
  const images = await page.locator("img").all();
  for (const image of images) {
    await image.scrollIntoViewIfNeeded();
  }
  await page.waitForFunction(() =>
    Array.from(window.document.images).every((image) => image.complete),
  );
  return page.evaluate(() =>
    Array.from(window.document.images)
      .filter((image) => image.naturalWidth === 0)
      .map((image) => image.currentSrc || image.src),
  );
}

/** The axe-core WCAG 2.1 AA violations of the page, one readable line per failing node. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcagAA).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id}: ${node.target.join(" ")}: ${node.failureSummary ?? ""}`,
    ),
  );
}

/**
 * Bytes a reader downloads for the page without its images, each body gzip-compressed as a
 * CDN would serve it: the HTML, the style sheets, fonts and scripts (there should be none).
 */
export async function compressedWeight(responses: readonly Response[]): Promise<number> {
  const counted = new Set(["document", "stylesheet", "font", "script"]);
  let total = 0;
  for (const response of responses) {
    if (!counted.has(response.request().resourceType())) continue;
    total += gzipSync(await response.body()).byteLength;
  }
  return total;
}
