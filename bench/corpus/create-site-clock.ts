/** An instant as the site's newsroom sees it: wall-clock fields in the site timezone. */
export interface SiteTime {
  year: string;
  month: string;
  day: string;
  /** ISO 8601 with the zone's offset at that instant, e.g. `2026-11-28T12:00:00+02:00`. */
  iso: string;
}

/** Converts instants (milliseconds since the epoch) to {@link SiteTime} in one timezone. */
export type SiteClock = (instant: number) => SiteTime;

/**
 * Creates a clock for an IANA timezone.
 *
 * Article URLs use the date in the site timezone, not in UTC: a story published at 01:30 in
 * Johannesburg belongs to that day, although it is still the previous day in UTC. We ask Intl for
 * the offset as well rather than hard-coding +02:00, so the ISO string and the URL date always
 * come from the same conversion. One formatter is reused because constructing one is slow.
 */
export function createSiteClock(timeZone: string): SiteClock {
  const formatter = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  });

  return (instant) => {
    const fields = new Map<string, string>();
    for (const part of formatter.formatToParts(instant)) {
      fields.set(part.type, part.value);
    }
    const field = (name: string): string => {
      const value = fields.get(name);
      if (value === undefined) {
        throw new Error(`Intl.DateTimeFormat gave no ${name} for ${timeZone}`);
      }
      return value;
    };
    // longOffset is "GMT+02:00", or plain "GMT" for a zero offset.
    const offset = field("timeZoneName").replace("GMT", "") || "+00:00";
    const year = field("year");
    const month = field("month");
    const day = field("day");
    const time = `${field("hour")}:${field("minute")}:${field("second")}`;
    return { year, month, day, iso: `${year}-${month}-${day}T${time}${offset}` };
  };
}
