import { formatIsoInZone, zonedParts } from "../site/time.js";

const dayMs = 86_400_000;

/**
 * A fast {@link formatIsoInZone} for long lists of instants (a sitemap of 100,000 URLs): asking
 * Intl for every instant costs tens of microseconds, so the UTC offset is looked up once per UTC
 * day and reused when it is the same at both ends of that day. A day in which the offset changes
 * (a daylight-saving switch) is formatted instant by instant, exactly as before.
 */
export function createIsoFormatter(timeZone: string): (epochMs: number) => string {
  const offsets = new Map<number, number | null>();
  const offsetOfDay = (day: number): number | null => {
    let offset = offsets.get(day);
    if (offset === undefined) {
      const first = zonedParts(day * dayMs, timeZone).offsetMinutes;
      const last = zonedParts(day * dayMs + dayMs - 1, timeZone).offsetMinutes;
      offset = first === last ? first : null;
      offsets.set(day, offset);
    }
    return offset;
  };
  return (epochMs) => {
    const offset = offsetOfDay(Math.floor(epochMs / dayMs));
    if (offset === null) return formatIsoInZone(epochMs, timeZone);
    const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000);
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}
