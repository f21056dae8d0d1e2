import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { article, buildSite, repoRoot, writeTree } from "../helpers/build-site.js";

const run = promisify(execFile);

/** A +02:00 site: one story expiring on 10 December, one embargoed until 1 December, a draft. */
const tree = {
  "newsdeck.config.mjs":
    'export default { site: { timezone: "Africa/Johannesburg" }, sections: { city: { title: "City" } } };\n',
  "content/articles/water-notice.md": article({
    title: "Water notice for the old town",
    date: "2026-11-01T09:00:00+02:00",
    expires: "2026-12-10T00:00:00+02:00",
    section: "city",
  }),
  "content/articles/budget-speech.md": article({
    title: "Budget speech",
    date: "2026-12-01T06:00:00+02:00",
    section: "city",
  }),
  // A draft never publishes by itself, whatever its date says.
  "content/articles/unfinished.md": article({
    title: "Unfinished",
    date: "2026-11-29T00:00:00+02:00",
    section: "city",
    draft: true,
  }),
};

async function scheduleAt(now: string): Promise<unknown> {
  const site = await buildSite(tree, { now: Date.parse(now) });
  try {
    expect(site.result.exitCode).toBe(0);
    return JSON.parse(await site.read(".newsdeck/schedule.json"));
  } finally {
    await site.cleanup();
  }
}

describe(".newsdeck/schedule.json", () => {
  it("names the next embargo lift, in UTC and in the site's timezone", async () => {
    expect(await scheduleAt("2026-11-28T10:00:00Z")).toEqual({
      builtAt: "2026-11-28T10:00:00.000Z",
      nextChange: "2026-12-01T04:00:00.000Z",
      nextChangeLocal: "2026-12-01T06:00:00+02:00",
    });
  });

  it("names the next expiry once the embargo has lifted, from the very instant it lifts", async () => {
    expect(await scheduleAt("2026-12-01T04:00:00Z")).toMatchObject({
      nextChange: "2026-12-09T22:00:00.000Z",
      nextChangeLocal: "2026-12-10T00:00:00+02:00",
    });
  });

  it("is null when nothing is pending", async () => {
    expect(await scheduleAt("2026-12-10T00:00:00+02:00")).toEqual({
      builtAt: "2026-12-09T22:00:00.000Z",
      nextChange: null,
      nextChangeLocal: null,
    });
  });

  it("is printed by newsdeck build, and not when nothing is pending", async () => {
    const root = await writeTree(tree);
    const cli = (now: string) =>
      run(
        process.execPath,
        ["--import", "tsx", "src/cli/run.ts", "build", "--root", root, "--now", now],
        { cwd: repoRoot },
      );
    try {
      const pending = await cli("2026-11-28T10:00:00Z");
      expect(pending.stdout).toContain("next publishing change: 2026-12-01T06:00:00+02:00");
      const done = await cli("2026-12-11T00:00:00Z");
      expect(done.stdout).toContain("built");
      expect(done.stdout).not.toContain("next publishing change");
      expect(existsSync(path.join(root, "dist", ".newsdeck", "schedule.json"))).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
