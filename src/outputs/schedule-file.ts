import type { Site } from "../site/model.js";
import { formatIsoInZone } from "../site/time.js";
import type { OutputFile } from "./output-file.js";

/**
 * `.newsdeck/schedule.json`: the next moment the published set changes (an embargo lifts or an
 * article expires), so CI can schedule the rebuild that publishes it. `null` when nothing is
 * pending. Derived from content and `--now` only, so it is as deterministic as the pages.
 */
export function scheduleFile(site: Site): OutputFile {
  const next = site.nextChange;
  const body = {
    builtAt: new Date(site.now).toISOString(),
    nextChange: next === undefined ? null : new Date(next).toISOString(),
    nextChangeLocal: next === undefined ? null : formatIsoInZone(next, site.config.site.timezone),
  };
  return { path: ".newsdeck/schedule.json", data: `${JSON.stringify(body, null, 2)}\n` };
}
