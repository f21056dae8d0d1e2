import { parseIsoDate } from "../site/time.js";

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

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const dayMonthYear = /^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;
const monthDayYear = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

/**
 * Reads a date as the old generators did: ISO 8601 with `T` or a space, an offset with or
 * without a colon (`+0200`, Jekyll's `2026-05-26 09:30:00 +0200`), `Z`/`UTC`, RFC 2822 with a
 * zone (WordPress's `pubDate`), and day-month-year in words. Each form is rewritten as strict
 * ISO 8601 and read by the build's own `parseIsoDate`, so a zone-less time is the wall-clock
 * time in `timeZone` exactly as the build reads it. Numbers of seconds since 1970 are read as
 * Hugo does. Undefined for anything else.
 */
export function readSourceDate(value: unknown, timeZone: string): SourceDate | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value > 100_000_000) {
    return { epochMs: value * 1000, hadZone: true, text: String(value) };
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const iso = isoLike.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    const time =
      hour === undefined
        ? zone
          ? "T00:00:00"
          : ""
        : `T${pad(hour)}:${minute}:${second ?? "00"}${fraction ? `.${fraction}` : ""}`;
    return strict(
      `${year}-${pad(month ?? "")}-${pad(day ?? "")}${time}${zone ? isoZone(zone) : ""}`,
      zone !== undefined,
      text,
      timeZone,
    );
  }
  const words = dayMonthYear.exec(text);
  const wordsUs = words ? undefined : monthDayYear.exec(text);
  if (words || wordsUs) {
    const [day, monthName, year] = words
      ? [words[1], words[2], words[3]]
      : [wordsUs?.[2], wordsUs?.[1], wordsUs?.[3]];
    const month = months.indexOf((monthName ?? "").slice(0, 3).toLowerCase()) + 1;
    return month === 0
      ? undefined
      : strict(`${year}-${pad(String(month))}-${pad(day ?? "")}`, false, text, timeZone);
  }
  // RFC 2822 and similar, only with an explicit zone: without one Date.parse would read the
  // machine's zone, and the same archive would import differently on another machine.
  if (/(?:[+-]\d{4}|\bGMT|\bUTC)$/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return { epochMs: parsed, hadZone: true, text };
  }
  return undefined;
}

function strict(
  iso: string,
  hadZone: boolean,
  text: string,
  timeZone: string,
): SourceDate | undefined {
  // Years before 1000 are not dates a newsroom wrote (and Date.UTC reads 0001 as 1901).
  if (iso < "1000") return undefined;
  const parsed = parseIsoDate(iso, timeZone);
  return parsed.ok ? { epochMs: parsed.epochMs, hadZone, text } : undefined;
}

/** `UTC` -> `Z`, `+02` -> `+02:00`; `+0200` and `+02:00` as they are. */
function isoZone(zone: string): string {
  if (/^(?:Z|UTC|GMT)$/i.test(zone)) return "Z";
  return /^[+-]\d{2}$/.test(zone) ? `${zone}:00` : zone;
}

function pad(value: string): string {
  return value.padStart(2, "0");
}
