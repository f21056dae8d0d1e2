import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { removeDeadTemporaries } from "../files/remove-dead-temporaries.js";
import { formatIsoInZone } from "../site/time.js";

/** The schedule's file name inside the build cache folder. */
export const scheduleFileName = "schedule.json";

/**
 * The text of `<cacheDir>/schedule.json`: the next moment the published set changes (an embargo
 * lifts or an article expires), so CI can schedule the rebuild that publishes it. `null` when
 * nothing is pending. Derived from content and `--now` only, so it is as deterministic as the
 * pages. It names when an embargoed story goes live, so it is kept in the build cache, never in
 * the output folder (contract section 3: no trace of a hidden article in `dist/`).
 */
export function formatSchedule(now: number, next: number | undefined, timeZone: string): string {
  const body = {
    builtAt: new Date(now).toISOString(),
    nextChange: next === undefined ? null : new Date(next).toISOString(),
    nextChangeLocal: next === undefined ? null : formatIsoInZone(next, timeZone),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * Writes `<cacheDir>/schedule.json` atomically (temp file, then rename), so a CI job that reads
 * it never sees half a file.
 */
export async function writeSchedule(cacheDir: string, schedule: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, scheduleFileName);
  // One a killed build left (between writing and renaming) goes now, not with the cache.
  removeDeadTemporaries(cacheDir, `${scheduleFileName}.`, /^(\d+)\.tmp$/);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, schedule);
  } catch (error) {
    // A full disk leaves no half-written file in the cache folder.
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, file);
}
