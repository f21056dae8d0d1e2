import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { buildSite, hashOutputFiles, testNow } from "../helpers/build-site.js";
import { searchNewsroom } from "./search-newsroom.js";

const binaryVariables = ["PAGEFIND_BINARY_PATH", "PAGEFIND_EXTENDED_BINARY_PATH"] as const;

afterEach(() => {
  for (const name of binaryVariables) delete process.env[name];
});

describe("when Pagefind cannot run", () => {
  it("fails the build with SearchIndexFailed and a hint, and leaves the previous output as it was", async () => {
    const site = await buildSite(await searchNewsroom());
    try {
      expect(site.result.exitCode).toBe(0);
      const before = await hashOutputFiles(site.outDir);
      // Pagefind's Node API runs the binary these variables name: here, none.
      for (const name of binaryVariables) process.env[name] = "/nonexistent/pagefind";
      // With an empty build cache of its own, every bucket must be indexed.
      const result = await build({
        root: site.root,
        outDir: site.outDir,
        now: testNow,
        cacheDir: `${site.root}/another-cache`,
      });
      expect(result.exitCode).toBe(1);
      const failed = result.diagnostics.filter((d) => d.code === "SearchIndexFailed");
      expect(failed).toHaveLength(1);
      expect(failed[0]?.message).toMatch(/^Pagefind could not build the search index: /);
      expect(failed[0]?.hint).toContain("search: false");
      expect(await hashOutputFiles(site.outDir)).toEqual(before);
    } finally {
      await site.cleanup();
    }
  });
});
