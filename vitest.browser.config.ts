import { defineConfig } from "vitest/config";

/**
 * The browser suite (`npm run test:browser`): the sample site built once, served on a free
 * port and read by Debian's Chromium through playwright-core. One fork, long timeouts.
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
