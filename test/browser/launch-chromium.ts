import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium: the browser tests never download one. */
const chromiumPath = "/usr/bin/chromium";

/** A headless Chromium profile in a fresh temporary folder. */
export interface Chromium {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Throws a message saying what to install when the system Chromium is missing. Called before
 * any work, so a machine without a browser fails at once (in CI as everywhere: a browser suite
 * that skips itself would pass without testing anything).
 */
export function assertChromiumInstalled(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Chromium at ${chromiumPath}, and it is missing${process.env.CI === "true" ? " on this CI machine" : ""}. ` +
        "Install Debian's package: apt-get update && apt-get install -y chromium " +
        "(.ci/run does this). Do not run `npx playwright install`.",
    );
  }
}

/**
 * Launches the system Chromium headless with a throw-away profile. Playwright refuses
 * `--user-data-dir` in `launch()`, hence the persistent context on a fresh folder.
 */
export async function launchChromium(): Promise<Chromium> {
  assertChromiumInstalled();
  const profile = await mkdtemp(path.join(tmpdir(), "newsdeck-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    return {
      context,
      async close() {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
