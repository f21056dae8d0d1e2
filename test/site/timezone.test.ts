import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";

// Calendar dates come from the site's timezone, never from the machine's: run this file on a
// clock 14 hours ahead of UTC so that a leak of the machine timezone would move every date.
const machineZone = process.env.TZ;

describe("dates in a +02:00 site (Africa/Johannesburg)", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    process.env.TZ = "Pacific/Kiritimati";
    site = await buildSite(
      {
        "newsdeck.config.mjs":
          'export default { site: { timezone: "Africa/Johannesburg", language: "en-GB" }, sections: { city: { title: "City" } } };\n',
        // 23:30 local, written without an offset: wall-clock time in the site's timezone.
        "content/articles/late-sitting.md": article({
          title: "Late sitting ends",
          date: "2026-10-31T23:30:00",
          section: "city",
        }),
        // 23:30 local, written in UTC.
        "content/articles/late-count.md": article({
          title: "Late count ends",
          date: "2026-10-31T21:30:00Z",
          section: "city",
        }),
        // 00:30 local on 1 November is still 31 October in UTC.
        "content/articles/early-edition.md": article({
          title: "Early edition",
          date: "2026-10-31T22:30:00Z",
          section: "city",
        }),
        // A date alone is midnight in the site's timezone.
        "content/articles/month-opens.md": article({
          title: "Month opens",
          date: "2026-11-01",
          section: "city",
        }),
      },
      { now: Date.parse("2026-12-31T22:30:00Z") },
    );
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(async () => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
    await site.cleanup();
  });

  it("dates a story at 23:30 local time by the site's calendar day in its URL", async () => {
    for (const url of ["/city/2026/10/31/late-sitting/", "/city/2026/10/31/late-count/"]) {
      const $ = await site.page(url);
      expect($(".byline time").attr("datetime")).toBe("2026-10-31T23:30:00+02:00");
    }
  });

  it("puts a story at 00:30 local on the 1st in that month, though UTC is still in the last", async () => {
    const $ = await site.page("/city/2026/11/01/early-edition/");
    expect($(".byline time").attr("datetime")).toBe("2026-11-01T00:30:00+02:00");
    expect($(".byline time").text()).toContain("1 November 2026");
  });

  it("reads a date without a time as midnight in the site's timezone", async () => {
    const $ = await site.page("/city/2026/11/01/month-opens/");
    expect($(".byline time").attr("datetime")).toBe("2026-11-01T00:00:00+02:00");
  });

  it("orders the listing by instant, not by the written text", async () => {
    const $ = await site.page("/city/");
    const titles = $("main .card__title a")
      .map((_, a) => $(a).text())
      .get();
    expect(titles).toEqual([
      "Early edition",
      "Month opens",
      "Late count ends",
      "Late sitting ends",
    ]);
  });

  it("takes the footer's year from the site's calendar (already 2027 at 00:30 local)", async () => {
    const $ = await site.page("/");
    expect($(".site-footer__small").text()).toContain("© 2027");
  });
});
