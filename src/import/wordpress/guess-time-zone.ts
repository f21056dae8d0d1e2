import { zonedParts } from "../../site/time.js";

/** The zone chosen for an export, and a report line when it had to be worked out. */
export interface GuessedZone {
  readonly timeZone: string;
  readonly note?: string | undefined;
}

/** Samples kept per distinct offset: enough to tell zones apart, few enough to stay fast. */
const samplesPerOffset = 24;

/**
 * Works out the site's timezone from what a WordPress export gives: each post's local time and
 * its UTC time (`wp:post_date`, `wp:post_date_gmt`), whose difference is the site's offset on
 * that day. One offset all year is a fixed zone (`UTC`, or `Etc/GMT-2` for +02:00, as IANA
 * writes it). Several (daylight saving) are matched against every IANA zone: the first zone, in
 * name order, that had each offset on each sampled day wins, and the report says which.
 */
export function guessTimeZone(
  dates: readonly (readonly [local: string, gmt: string])[],
): GuessedZone {
  const samples = new Map<number, number[]>();
  for (const [local, gmt] of dates) {
    const localMs = wallAsUtc(local);
    const gmtMs = wallAsUtc(gmt);
    if (localMs === undefined || gmtMs === undefined) continue;
    const offset = Math.round((localMs - gmtMs) / 60_000);
    const list = samples.get(offset) ?? [];
    if (list.length < samplesPerOffset) list.push(gmtMs);
    samples.set(offset, list);
  }
  const offsets = [...samples.keys()].sort((a, b) => a - b);
  if (offsets.length === 0) return { timeZone: "UTC" };
  if (offsets.length === 1) {
    const offset = offsets[0] ?? 0;
    if (offset === 0) return { timeZone: "UTC" };
    if (offset % 60 === 0) {
      const hours = offset / 60;
      // IANA's Etc zones count the other way: Etc/GMT-2 is two hours ahead of UTC.
      return {
        timeZone: `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`,
        note: `every post is dated at UTC${formatOffset(offset)}: site.timezone is Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}; set your city's zone (such as Africa/Johannesburg) in newsdeck.config.ts if you prefer, the dates stay the same instants`,
      };
    }
  }
  const zones = Intl.supportedValuesOf("timeZone");
  const match = zones.find((zone) =>
    offsets.every((offset) =>
      (samples.get(offset) ?? []).every((ms) => zonedParts(ms, zone).offsetMinutes === offset),
    ),
  );
  const list = offsets.map(formatOffset).join(", ");
  if (match) {
    return {
      timeZone: match,
      note: `posts are dated at UTC${list}: site.timezone is ${match}, the first zone that had those offsets on those days; set your city's zone in newsdeck.config.ts if it is another, the dates stay the same instants`,
    };
  }
  return {
    timeZone: "UTC",
    note: `posts are dated at UTC${list} and no zone had those offsets on those days: site.timezone is UTC; every date keeps its exact instant`,
  };
}

/** A WordPress `YYYY-MM-DD HH:MM:SS` as if it were UTC, in milliseconds; undefined when empty or zero. */
function wallAsUtc(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!match || match[1] === "0000") return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
