import { defineConfig } from "vitest/config";

/**
 * The package suite (`npm run test:package`, run by .ci/run): packs Newsdeck, installs the
 * tarball outside the repository, scaffolds a site with `newsdeck init`, builds and checks it.
 * Not part of `npm test`: installing needs the npm registry (a fresh folder resolves package
 * metadata that `npm ci` never fetched), and packing recompiles lib/, which other tests run.
 */
export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
