import { describe, expect, it } from "vitest";
import { bucketOf, firstRecentDay } from "../../src/search/plan-buckets.js";

describe("the search bucket of a story", () => {
  it("is its day for the last three days of the build's clock, in the site's timezone, and its month before", () => {
    // 10:00 on 2 March in Johannesburg (UTC+2): the recent days are 28 February to 2 March.
    const now = Date.parse("2026-03-02T08:00:00Z");
    const zone = "Africa/Johannesburg";
    expect(firstRecentDay(now, zone)).toBe("2026-02-28");
    expect(bucketOf(Date.parse("2026-03-02T07:59:00Z"), now, zone)).toBe("2026-03-02");
    // Five minutes after the first recent day began there (still the 27th in UTC): that day.
    expect(bucketOf(Date.parse("2026-02-28T00:05:00+02:00"), now, zone)).toBe("2026-02-28");
    // Five minutes before it began: February.
    expect(bucketOf(Date.parse("2026-02-27T23:55:00+02:00"), now, zone)).toBe("2026-02");
    expect(bucketOf(Date.parse("2025-12-31T23:00:00+02:00"), now, zone)).toBe("2025-12");
  });

  it("reckons the days where the site is: the same instant is another day in New York", () => {
    // 02:00 UTC on 1 January is still 31 December (21:00) in New York.
    const now = Date.parse("2027-01-01T02:00:00Z");
    expect(firstRecentDay(now, "UTC")).toBe("2026-12-30");
    expect(firstRecentDay(now, "America/New_York")).toBe("2026-12-29");
    const story = Date.parse("2026-12-29T12:00:00Z");
    expect(bucketOf(story, now, "UTC")).toBe("2026-12");
    expect(bucketOf(story, now, "America/New_York")).toBe("2026-12-29");
  });
});
