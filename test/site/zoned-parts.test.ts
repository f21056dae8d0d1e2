import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intlParts, zonedParts } from "../../src/site/time.js";

// Zones with whole-hour, half-hour and 45-minute offsets, half-hour daylight saving (Lord Howe),
// southern-hemisphere summers and none at all.
const zones = [
  "UTC",
  "Africa/Johannesburg",
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/St_Johns",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Pacific/Kiritimati",
];

const hour = 3600_000;

/** Instants in 2025-2027 at which `zone` changes its offset, found hour by hour. */
function transitions(zone: string): number[] {
  const found: number[] = [];
  const start = Date.UTC(2025, 0, 1);
  let before = intlParts(start, zone).offsetMinutes;
  for (let t = start + hour; t < Date.UTC(2028, 0, 1); t += hour) {
    const offset = intlParts(t, zone).offsetMinutes;
    if (offset !== before) found.push(t);
    before = offset;
  }
  return found;
}

describe("zonedParts (Intl's answer, cached per UTC day)", () => {
  it("agrees with Intl at any instant from 1900 to 2100, in every zone", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, instant) => {
          expect(zonedParts(instant, zone)).toEqual(intlParts(instant, zone));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("agrees with Intl every 20 seconds for two hours around each change of offset", () => {
    let changes = 0;
    for (const zone of zones) {
      for (const change of transitions(zone)) {
        changes++;
        for (let t = change - 2 * hour; t < change + 2 * hour; t += 20_000) {
          expect(zonedParts(t, zone), `${zone} at ${new Date(t).toISOString()}`).toEqual(
            intlParts(t, zone),
          );
        }
      }
    }
    // Berlin, London, New York, St John's, Lord Howe and Chatham change twice a year.
    expect(changes).toBe(6 * 2 * 3);
  });
});
