import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, writeTree } from "../helpers/build-site.js";
import { startNewsdeck } from "../helpers/newsdeck-process.js";

/**
 * A reader that goes away early (`newsdeck build | head -1`, a CI step that stops reading) ends
 * the output, not the build: the exit code is the build's own.
 */

const now = "2026-11-28T10:00:00Z";
let root: string;

beforeAll(async () => {
  root = await writeTree({
    // Two lines on stdout (built, and the next publishing change); a warning on stderr.
    "content/articles/today.md":
      "---\ntitle: Today\ndate: 2026-11-27\nsection: news\n---\nSee [the archive](/no-such-page/).\n",
    "content/articles/later.md":
      "---\ntitle: Later\ndate: 2026-12-24\nsection: news\n---\nEmbargoed.\n",
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a closed pipe", { timeout: 120_000 }, () => {
  it("on stdout ends output quietly and keeps the build's exit code", async () => {
    const run = startNewsdeck(["build", "--root", root, "--now", now]);
    run.child.stdout?.destroy();
    const finished = await run.finished;
    expect(finished.stderr).not.toContain("crashed");
    expect(finished.stderr).not.toContain("EPIPE");
    expect(finished.code).toBe(0);
    expect(existsSync(path.join(root, "dist", "index.html"))).toBe(true);
  });

  it("on stderr too, for a good build with warnings and for a failed build", async () => {
    const good = startNewsdeck(["build", "--root", root, "--now", now]);
    good.child.stderr?.destroy();
    const goodRun = await good.finished;
    expect(goodRun.code).toBe(0);
    expect(goodRun.stdout).toContain("built");

    const failing = startNewsdeck(["build", "--root", root, "--now", "not a date"]);
    failing.child.stderr?.destroy();
    expect((await failing.finished).code).toBe(2);
  });

  it("under `| head -1` exits with the build's code", async () => {
    const script = `node --import tsx src/cli/run.ts build --root "${root}" --now ${now} | head -1; exit "\${PIPESTATUS[0]}"`;
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        "bash",
        ["-c", script],
        { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" } },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(0);
  });
});
