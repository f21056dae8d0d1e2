import { formatDisplayDate } from "../site/time.js";

/**
 * A timeline entry's date as readers see it, in the site's language: `2026`, `May 2026`,
 * `26 May 2026` or `26 May 2026, 09:30`. The date is the wall-clock date as written, with no
 * time zone to convert from, so it is formatted as UTC.
 */
export function formatEntryDate(iso: string, language: string): string {
  const [date = "", time] = iso.split("T");
  const [year = 0, month, day] = date.split("-").map(Number);
  if (month === undefined) return String(year).padStart(4, "0");
  if (day === undefined)
    return monthFormatter(language).format(new Date(Date.UTC(year, month - 1, 1)));
  const [hour = 0, minute = 0] = (time ?? "").split(":").map(Number);
  return formatDisplayDate(
    Date.UTC(year, month - 1, day, hour, minute),
    "UTC",
    language,
    time !== undefined,
  );
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

function monthFormatter(language: string): Intl.DateTimeFormat {
  let formatter = monthFormatters.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, {
      timeZone: "UTC",
      month: "long",
      year: "numeric",
    });
    monthFormatters.set(language, formatter);
  }
  return formatter;
}
