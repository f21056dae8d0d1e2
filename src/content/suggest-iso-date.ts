import { formatIsoInZone, zonedTimeToEpoch } from "../site/time.js";

const fallback = "2026-05-26 or 2026-05-26T09:30:00+02:00";

/**
 * The ISO 8601 form of a date a writer typed another way (`26 May 2026` -> `2026-05-26`,
 * `May 26, 2026 9:30` -> `2026-05-26T09:30:00+02:00` in the site's timezone), for the hint of a
 * DateInvalid diagnostic; the accepted forms when the text cannot be read as a date at all.
 *
 * The text is read as wall-clock time where the writer is, which is the site's timezone: the
 * machine's own timezone never shifts the suggested day.
 */
export function suggestIsoDate(text: string, timeZone: string): string {
  if (!/\d{4}/.test(text) || /(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*$/i.test(text.trim())) {
    return fallback;
  }
  const guessed = new Date(text);
  if (Number.isNaN(guessed.getTime())) return fallback;
  // Date parses zone-less text as local time, so its local getters give back what was written.
  const wall = {
    year: guessed.getFullYear(),
    month: guessed.getMonth() + 1,
    day: guessed.getDate(),
    hour: guessed.getHours(),
    minute: guessed.getMinutes(),
    second: guessed.getSeconds(),
  };
  const day = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  if (!/\d:\d/.test(text)) return day;
  return formatIsoInZone(zonedTimeToEpoch(wall, timeZone), timeZone);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}
