import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
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

/** Where a site's schedule is kept: its default build cache folder, outside the output. */
const scheduleOf = (root: string) => path.join(root, ".newsdeck-cache", "schedule.json");

async function scheduleAt(now: string): Promise<unknown> {
  const site = await buildSite(tree, { now: Date.parse(now) });
  try {
    expect(site.result.exitCode).toBe(0);
    expect(site.result.scheduleFile).toBe(scheduleOf(site.root));
    return JSON.parse(await readFile(scheduleOf(site.root), "utf8"));
  } finally {
    await site.cleanup();
  }
}

describe("<cacheDir>/schedule.json", () => {
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

  it("is kept in the build cache folder, wherever build.cacheDir puts it, and never in the output", async () => {
    const site = await buildSite(tree, { cacheDir: "state/newsdeck" });
    try {
      expect(site.result.exitCode).toBe(0);
      const file = path.join(site.root, "state", "newsdeck", "schedule.json");
      expect(site.result.scheduleFile).toBe(file);
      expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({
        nextChange: "2026-12-01T04:00:00.000Z",
      });
      expect(existsSync(scheduleOf(site.root))).toBe(false);
      expect(await site.files()).not.toContain(".newsdeck/schedule.json");
      // Only the manifest is left under .newsdeck/, and nothing names the embargo's moment.
      expect((await site.files()).filter((f) => f.startsWith(".newsdeck/"))).toEqual([
        ".newsdeck/manifest.json",
      ]);
      for (const file of await site.files()) {
        const text = await site.read(file);
        for (const moment of ["2026-12-01T04:00", "2026-12-01T06:00", "2026-12-01"])
          expect(text, file).not.toContain(moment);
      }
    } finally {
      await site.cleanup();
    }
  });

  it("is not written by newsdeck check, nor by a failed build, which leave the last one as it was", async () => {
    const site = await buildSite(tree);
    try {
      expect(site.result.exitCode).toBe(0);
      const last = await readFile(scheduleOf(site.root), "utf8");
      expect(JSON.parse(last)).toMatchObject({ builtAt: "2026-11-28T10:00:00.000Z" });

      // A check after the embargo has lifted would name the expiry; it writes nothing.
      const later = Date.parse("2026-12-02T00:00:00Z");
      const check = await build({ root: site.root, outDir: site.outDir, now: later, dryRun: true });
      expect(check.exitCode).toBe(0);
      expect(check.nextChange).toBe(Date.parse("2026-12-10T00:00:00+02:00"));
      expect(check.scheduleFile).toBeUndefined();
      expect(await readFile(scheduleOf(site.root), "utf8")).toBe(last);

      // Fails at the very end (a warning under --strict), after everything was rendered.
      await writeFile(path.join(site.root, ".newsdeck-cache", "state", "build.tsv"), "{ truncated");
      const strict = await build({
        root: site.root,
        outDir: site.outDir,
        now: later,
        strict: true,
      });
      expect(strict.exitCode).toBe(1);
      expect(strict.diagnostics.map((d) => d.code)).toEqual(["CacheIgnored"]);
      expect(await readFile(scheduleOf(site.root), "utf8")).toBe(last);

      // Fails early (invalid content).
      await writeFile(path.join(site.root, "content/articles/broken.md"), "---\ntitle: x\n---\n");
      const broken = await build({ root: site.root, outDir: site.outDir, now: later });
      expect(broken.exitCode).toBe(1);
      expect(broken.scheduleFile).toBeUndefined();
      expect(await readFile(scheduleOf(site.root), "utf8")).toBe(last);
    } finally {
      await site.cleanup();
    }
  });

  it("is never written by newsdeck check into a site that has no cache yet", async () => {
    const root = await writeTree(tree);
    try {
      const check = await build({ root, now: Date.parse("2026-11-28T10:00:00Z"), dryRun: true });
      expect(check.exitCode).toBe(0);
      expect(check.nextChange).toBe(Date.parse("2026-12-01T04:00:00Z"));
      expect(existsSync(scheduleOf(root))).toBe(false);
      expect(existsSync(path.join(root, "dist"))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("is printed by newsdeck build with where it is kept, and not when nothing is pending", async () => {
    const root = await writeTree(tree);
    const cli = (now: string) =>
      run(
        process.execPath,
        ["--import", "tsx", "src/cli/run.ts", "build", "--root", root, "--now", now],
        { cwd: repoRoot },
      );
    try {
      const pending = await cli("2026-11-28T10:00:00Z");
      expect(pending.stdout).toContain(
        `next publishing change: 2026-12-01T06:00:00+02:00 (schedule a rebuild then; see ${path.relative(repoRoot, scheduleOf(root))})`,
      );
      expect(existsSync(scheduleOf(root))).toBe(true);
      expect(existsSync(path.join(root, "dist", ".newsdeck", "schedule.json"))).toBe(false);
      const done = await cli("2026-12-11T00:00:00Z");
      expect(done.stdout).toContain("built");
      expect(done.stdout).not.toContain("next publishing change");
      expect(JSON.parse(await readFile(scheduleOf(root), "utf8"))).toMatchObject({
        nextChange: null,
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
