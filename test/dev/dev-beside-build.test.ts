import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { cacheLockFile } from "../../src/write/build-lock.js";
import { acquireLock } from "../../src/write/lock-file.js";
import { copyFixture, hashOutputFiles, testNow } from "../helpers/build-site.js";
import { startNewsdeck } from "../helpers/newsdeck-process.js";
import { pollUntil, startFixtureDev } from "./dev-harness.js";

/**
 * `newsdeck dev` and `newsdeck build` on one site share the build cache. Dev holds it only while
 * one of its rebuilds runs: a build started meanwhile waits for that rebuild, and a rebuild that
 * starts while a build runs waits for the build. Neither fails, and the build's output is the
 * same as without dev.
 */

const ferry = "content/articles/2026/11/ferry-timetable.md";

describe("newsdeck dev beside newsdeck build", { timeout: 180_000 }, () => {
  it("holds a dev rebuild back while a build has the cache, then rebuilds", async () => {
    const dev = await startFixtureDev();
    try {
      const buildLock = await acquireLock(cacheLockFile(path.join(dev.root, ".newsdeck-cache")), {
        purpose: "build",
        waitMs: () => 0,
      });
      const since = dev.builds.length;
      const text = await readFile(path.join(dev.root, ferry), "utf8");
      try {
        await dev.write(ferry, text.replace("reviewed in March", "reviewed in June"));
        await pollUntil(async () => dev.output().includes("waiting for pid"), "dev to wait");
        expect(dev.output()).toContain(
          `waiting for pid ${process.pid} (${path.basename(process.argv[1] ?? "")}`,
        );
        expect(dev.output()).toContain("to finish with the build cache .newsdeck-cache/");
        // While the build holds the cache, dev has not rebuilt.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(dev.builds.length).toBe(since);
      } finally {
        buildLock.release();
      }
      const builds = await dev.buildsAfter(since, ferry);
      expect(builds.at(-1)?.ok).toBe(true);
      expect((await dev.get("/town/2026/11/20/ferry-timetable/")).text).toContain(
        "reviewed in June",
      );
    } finally {
      await dev.cleanup();
    }
  });

  it("lets builds run while dev rebuilds, as separate processes, without a failure", async () => {
    const root = await copyFixture("dev-newsroom");
    const clean = await copyFixture("dev-newsroom");
    const dev = startNewsdeck(["dev", "--root", root, "--port", "0"]);
    try {
      await pollUntil(async () => /built \d+ pages/.test(dev.stdout()), "dev's first build");
      const text = await readFile(path.join(root, ferry), "utf8");
      for (let round = 1; round <= 3; round++) {
        const edited = text.replace("reviewed in March", `reviewed in round ${round}`);
        await writeFile(path.join(root, ferry), edited);
        await writeFile(path.join(clean, ferry), edited);
        // A build right after the save, while dev is rebuilding (or about to).
        const run = await startNewsdeck(["build", "--root", root, "--now", "2026-11-28T10:00:00Z"])
          .finished;
        expect(run.stderr).not.toContain("BuildLocked");
        expect(run.code).toBe(0);
        const reference = await build({ root: clean, now: testNow, threads: 0 });
        expect(reference.exitCode).toBe(0);
        expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(
          await hashOutputFiles(path.join(clean, "dist")),
        );
        await pollUntil(
          async () =>
            dev.stdout().includes("ferry-timetable.md changed") &&
            dev.stdout().split("↻").length > round,
          `dev's rebuild ${round}`,
        );
      }
      expect(dev.stderr()).not.toContain("failed");
    } finally {
      dev.child.kill("SIGINT");
      await dev.finished;
      await rm(root, { recursive: true, force: true });
      await rm(clean, { recursive: true, force: true });
    }
  });
});
