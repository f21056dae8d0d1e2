/**
 * Time in Newsdeck: instants are epoch milliseconds; calendar dates are always computed in the
 * site's timezone through Intl (no timezone of the build machine leaks into output), and the
 * clock is always injected (`--now`), never read here.
 */

/** Calendar parts of an instant in a timezone. */
export interface ZonedParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Offset from UTC in minutes (+120 for +02:00). */
  readonly offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date and time of `epochMs` in `timeZone`. */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  // Intl is slow (a build asks for thousands of dates), so the zone's offset is kept per UTC day:
  // when it is the same at both ends of the day, no change of offset happens inside it (zones
  // change at most once a day), and every instant in it has that offset. The two days a year
  // with a change ask Intl each time.
  const day = Math.floor(epochMs / dayMs);
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    offsetsByZone.set(timeZone, offsets);
  }
  let offsetMs = offsets.get(day);
  if (offsetMs === undefined) {
    const start = intlOffsetMs(day * dayMs, timeZone);
    offsetMs = start === intlOffsetMs((day + 1) * dayMs - 1000, timeZone) ? start : null;
    offsets.set(day, offsetMs);
  }
  if (offsetMs === null) return intlParts(epochMs, timeZone);
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMs);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offsetMinutes: Math.round(offsetMs / 60000),
  };
}

const dayMs = 24 * 60 * 60 * 1000;
/** Offset from UTC in milliseconds per UTC day, or null for a day with a change. */
const offsetsByZone = new Map<string, Map<number, number | null>>();

function intlOffsetMs(epochMs: number, timeZone: string): number {
  const p = intlParts(epochMs, timeZone);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/** {@link zonedParts} straight from Intl: the reference the fast path must agree with. */
export function intlParts(epochMs: number, timeZone: string): ZonedParts {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = values;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
  return { year, month, day, hour, minute, second, offsetMinutes };
}

/** The instant at which the wall-clock time (year..second) occurs in `timeZone`. */
export function zonedTimeToEpoch(
  wall: Omit<ZonedParts, "offsetMinutes">,
  timeZone: string,
): number {
  const wallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
  );
  // Two passes settle the offset across a daylight-saving change.
  let guess = wallAsUtc - zonedParts(wallAsUtc, timeZone).offsetMinutes * 60000;
  guess = wallAsUtc - zonedParts(guess, timeZone).offsetMinutes * 60000;
  return guess;
}

/** RFC 3339 / ISO 8601 text of an instant in `timeZone`: `2026-05-26T09:30:00+02:00`. */
export function formatIsoInZone(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  const sign = p.offsetMinutes < 0 ? "-" : "+";
  const offset = Math.abs(p.offsetMinutes);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

/** A human date for pages, in the site's language and timezone: `26 May 2026, 09:30`. */
export function formatDisplayDate(
  epochMs: number,
  timeZone: string,
  language: string,
  withTime = true,
): string {
  return displayFormatter(language, withTime ? "time" : "date", () => ({
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
  })).format(new Date(epochMs));
}

/** `May 26` style date for datelines ("May 26 (Agency) - ..."). */
export function formatDatelineDate(epochMs: number, timeZone: string, language: string): string {
  return displayFormatter(language, "dateline", () => ({
    timeZone,
    month: "long",
    day: "numeric",
  })).format(new Date(epochMs));
}

/** Made once per style, language and zone: creating an Intl formatter costs more than using it. */
const displayFormatters = new Map<string, Intl.DateTimeFormat>();

function displayFormatter(
  language: string,
  style: string,
  options: () => Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const id = `${style} ${language} ${options().timeZone}`;
  let formatter = displayFormatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, options());
    displayFormatters.set(id, formatter);
  }
  return formatter;
}

/** The result of reading an ISO 8601 date from front matter or the command line. */
export type ParsedDate =
  | { readonly ok: true; readonly epochMs: number; readonly dateOnly: boolean }
  | { readonly ok: false; readonly hint: string };

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads an ISO 8601 date or date-time. A value without an offset is wall-clock time in
 * `timeZone` (a date alone is its midnight). On failure, the hint shows the value in ISO form
 * when it can be guessed, otherwise the accepted forms.
 */
export function parseIsoDate(text: string, timeZone: string): ParsedDate {
  const match = isoPattern.exec(text.trim());
  if (match) {
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    const wall = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
    };
    if (isValidWallTime(wall)) {
      const millis = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
      let epochMs: number;
      if (zone) {
        const offset = zone === "Z" ? 0 : parseOffset(zone);
        epochMs =
          Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) -
          offset * 60000;
      } else {
        epochMs = zonedTimeToEpoch(wall, timeZone);
      }
      return { ok: true, epochMs: epochMs + millis, dateOnly: h === undefined };
    }
  }
  return { ok: false, hint: isoHint(text, timeZone) };
}

function isValidWallTime(w: Omit<ZonedParts, "offsetMinutes">): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 60) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

function parseOffset(zone: string): number {
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function isoHint(text: string, timeZone: string): string {
  const guessed = Date.parse(text);
  if (!Number.isNaN(guessed) && /\d{4}/.test(text)) {
    const p = zonedParts(guessed, timeZone);
    const day = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
    return /\d:\d/.test(text) ? `${formatIsoInZone(guessed, timeZone)}` : day;
  }
  return "2026-05-26 or 2026-05-26T09:30:00+02:00";
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}
