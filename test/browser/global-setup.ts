import type { TestProject } from "vitest/node";
import { assertChromiumInstalled } from "./launch-chromium.js";
import { buildSampleSite, type SamplePages } from "./sample-site.js";
import { serveStatic } from "./serve-static.js";

/** What every browser test file gets from {@link setup} via `inject("sampleSite")`. */
export interface ServedSampleSite {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly origin: string;
  readonly pages: SamplePages;
  readonly donateUrl: string;
  readonly paymentOptionsUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sampleSite: ServedSampleSite;
  }
}

/**
 * Builds the sample site once and serves it for all browser test files; the returned teardown
 * closes the server and removes the build.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromiumInstalled();
  const site = await buildSampleSite();
  let server: Awaited<ReturnType<typeof serveStatic>>;
  try {
    server = await serveStatic(site.outDir);
  } catch (error) {
    await site.cleanup();
    throw error;
  }
  project.provide("sampleSite", {
    origin: server.origin,
    pages: site.pages,
    donateUrl: site.donateUrl,
    paymentOptionsUrl: site.paymentOptionsUrl,
  });
  return async () => {
    try {
      await server.close();
    } finally {
      await site.cleanup();
    }
  };
}
