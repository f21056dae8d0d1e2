import { zonedTimeToEpoch } from "../site/time.js";

/** A date from a source archive, read as an instant. */
export interface SourceDate {
  readonly epochMs: number;
  /** The source named its zone (or offset); otherwise it was read in the site's zone. */
  readonly hadZone: boolean;
  /** As written, for report lines. */
  readonly text: string;
}

const isoLike =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

const months = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;

const dayMonthYear = /^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;
const monthDayYear = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

/**
 * Reads a date as the old generators did: ISO 8601 with `T` or a space, an offset with or
 * without a colon (`+0200`, Jekyll's `2026-05-26 09:30:00 +0200`), `Z`/`UTC`, RFC 2822 with a
 * zone (WordPress's `pubDate`), and day-month-year in words. Without a zone the wall-clock time
 * is read in `timeZone`. Numbers of seconds since 1970 are read as Hugo does. Undefined for
 * anything else.
 */
export function readSourceDate(value: unknown, timeZone: string): SourceDate | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value > 100_000_000) {
    return { epochMs: value * 1000, hadZone: true, text: String(value) };
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const iso = isoLike.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const wall = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
    };
    if (!isValidWall(wall)) return undefined;
    const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    if (zone) {
      const offset = /^(?:Z|UTC|GMT)$/i.test(zone) ? 0 : offsetMinutes(zone);
      const utc = Date.UTC(
        wall.year,
        wall.month - 1,
        wall.day,
        wall.hour,
        wall.minute,
        wall.second,
      );
      return { epochMs: utc - offset * 60_000 + millis, hadZone: true, text };
    }
    return { epochMs: zonedTimeToEpoch(wall, timeZone) + millis, hadZone: false, text };
  }
  const words = dayMonthYear.exec(text);
  const wordsUs = words ? undefined : monthDayYear.exec(text);
  if (words || wordsUs) {
    const [day, monthName, year] = words
      ? [words[1], words[2], words[3]]
      : [wordsUs?.[2], wordsUs?.[1], wordsUs?.[3]];
    const month = months.indexOf((monthName ?? "").slice(0, 3).toLowerCase() as never) + 1;
    const wall = { year: Number(year), month, day: Number(day), hour: 0, minute: 0, second: 0 };
    if (month === 0 || !isValidWall(wall)) return undefined;
    return { epochMs: zonedTimeToEpoch(wall, timeZone), hadZone: false, text };
  }
  // RFC 2822 and similar, only with an explicit zone: without one Date.parse would read the
  // machine's zone, and the same archive would import differently on another machine.
  if (/(?:[+-]\d{4}|\bGMT|\bUTC)$/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return { epochMs: parsed, hadZone: true, text };
  }
  return undefined;
}

function offsetMinutes(zone: string): number {
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

function isValidWall(w: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}): boolean {
  if (w.year < 1000 || w.month < 1 || w.month > 12 || w.day < 1) return false;
  if (w.hour > 23 || w.minute > 59 || w.second > 60) return false;
  return w.day <= new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
}
