import { existsSync } from "node:fs";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";

/** The fixture's stories, oldest first (perPage 2, home.latest 3, home.perSection 2). */
const story = {
  ferry: "/city/2026/11/02/ferry-timetable-changes/",
  wall: "/city/2026/11/06/harbour-wall-repairs/",
  market: "/city/2026/11/10/night-market-moves-indoors/",
  regatta: "/sport/2026/11/14/rowing-club-regatta/",
  busLanes: "/city/2026/11/18/bus-lane-vote/",
  clinic: "/city/2026/11/21/clinic-queues-shorten/",
  swim: "/sport/2026/11/26/harbour-swim-race/",
};

/** The story links of the cards inside `scope`, in page order. */
function cardLinks($: CheerioAPI, scope: string): string[] {
  return $(`${scope} .card__title a`)
    .map((_, a) => $(a).attr("href"))
    .get();
}

/** The `rel` links of a listing page: in the head and on the visible pagination. */
function relLinks($: CheerioAPI) {
  return {
    headPrev: $('head link[rel="prev"]').attr("href"),
    headNext: $('head link[rel="next"]').attr("href"),
    prev: $('nav.pagination a[rel="prev"]').attr("href"),
    next: $('nav.pagination a[rel="next"]').attr("href"),
  };
}

describe("listings of the newsroom-listings fixture", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    site = await buildSite("newsroom-listings");
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  const exists = (url: string) =>
    existsSync(path.join(site.outDir, url.slice(1), url.endsWith("/") ? "index.html" : ""));

  describe("the home page", () => {
    it("leads with the newest story and its image", async () => {
      const $ = await site.page("/");
      expect($(".lead .lead__title a").attr("href")).toBe(story.swim);
      const img = $(".lead figure img");
      expect(img.attr("alt")).toBe("Swimmers in caps wading into the harbour at dawn");
      expect(img.attr("src")).toMatch(/^\/images\/swimmers-[\w-]+\.png$/);
      expect(existsSync(path.join(site.outDir, img.attr("src") ?? "missing"))).toBe(true);
    });

    it("follows the lead with the next home.latest stories, newest first", async () => {
      const $ = await site.page("/");
      expect(cardLinks($, 'section[aria-labelledby="latest-heading"]')).toEqual([
        story.clinic,
        story.busLanes,
        story.regatta,
      ]);
    });

    it("has a block per section with stories, each holding its newest home.perSection stories", async () => {
      const $ = await site.page("/");
      const blocks = $("section[aria-labelledby^='section-']")
        .map((_, block) => ({
          heading: $(block).find("h2 a").attr("href"),
          stories: cardLinks($, `#${$(block).attr("aria-labelledby")} ~ ul`),
        }))
        .get();
      expect(blocks).toEqual([
        { heading: "/city/", stories: [story.clinic, story.busLanes] },
        { heading: "/sport/", stories: [story.swim, story.regatta] },
      ]);
    });
  });

  describe("section pages", () => {
    it("list the section's stories newest first, perPage to a page, with no empty trailing page", async () => {
      expect(cardLinks(await site.page("/city/"), "main")).toEqual([story.clinic, story.busLanes]);
      expect(cardLinks(await site.page("/city/page/2/"), "main")).toEqual([
        story.market,
        story.wall,
      ]);
      expect(cardLinks(await site.page("/city/page/3/"), "main")).toEqual([story.ferry]);
      expect(exists("/city/page/4/")).toBe(false);
      expect(exists("/city/page/1/")).toBe(false);
    });

    it("link to their neighbours with rel=prev and rel=next, in the head and on the visible links", async () => {
      expect(relLinks(await site.page("/city/"))).toEqual({
        headPrev: undefined,
        headNext: "/city/page/2/",
        prev: undefined,
        next: "/city/page/2/",
      });
      expect(relLinks(await site.page("/city/page/2/"))).toEqual({
        headPrev: "/city/",
        headNext: "/city/page/3/",
        prev: "/city/",
        next: "/city/page/3/",
      });
      expect(relLinks(await site.page("/city/page/3/"))).toEqual({
        headPrev: "/city/page/2/",
        headNext: undefined,
        prev: "/city/page/2/",
        next: undefined,
      });
    });

    it("exist for a configured section without stories, saying so, with no further pages", async () => {
      const $ = await site.page("/science/");
      expect($("h1").text()).toBe("Science");
      expect($("main .card").length).toBe(0);
      expect($("main").text()).toContain("No stories yet.");
      expect($("nav.pagination").length).toBe(0);
      expect(exists("/science/page/2/")).toBe(false);
    });
  });

  describe("tag pages", () => {
    it("use readable slugs and merge spellings that differ only in case or punctuation", async () => {
      const $ = await site.page("/tag/covid-19/");
      expect($("h1").text()).toBe("COVID-19");
      expect(cardLinks($, "main")).toEqual([story.clinic, story.market]);
      const tagSlugs = new Set(
        (await site.files()).filter((f) => f.startsWith("tag/")).map((f) => f.split("/")[1]),
      );
      expect([...tagSlugs].sort()).toEqual(["covid-19", "harbour", "markets", "transport"]);
    });

    it("warn with TagsMerged, naming the file with the losing spelling", () => {
      const merged = site.result.diagnostics.filter((d) => d.code === "TagsMerged");
      expect(merged).toHaveLength(1);
      expect(merged[0]?.severity).toBe("warning");
      expect(merged[0]?.file).toBe("content/articles/2026/11/clinic-queues-shorten.md");
      expect(merged[0]?.message).toContain('"Covid 19"');
      expect(merged[0]?.message).toContain('"COVID-19"');
    });

    it("show the winning spelling on every story's labels", async () => {
      const $ = await site.page(story.clinic);
      expect($("a.label--topic").text()).toBe("COVID-19");
      expect($("a.label--topic").attr("href")).toBe("/tag/covid-19/");
    });

    it("paginate like sections", async () => {
      const first = await site.page("/tag/transport/");
      expect(cardLinks(first, "main")).toEqual([story.busLanes, story.wall]);
      expect(relLinks(first).next).toBe("/tag/transport/page/2/");
      const second = await site.page("/tag/transport/page/2/");
      expect(cardLinks(second, "main")).toEqual([story.ferry]);
      expect(relLinks(second)).toMatchObject({ headPrev: "/tag/transport/", next: undefined });
      expect(exists("/tag/transport/page/3/")).toBe(false);
    });
  });

  describe("author pages", () => {
    it("show the bio from content/authors and the author's stories, newest first", async () => {
      const $ = await site.page("/author/naledi-khoza/");
      expect($("h1").text()).toBe("Naledi Khoza");
      expect($(".listing__role").text()).toBe("City reporter");
      expect($(".listing__bio").text()).toContain(
        "Naledi has covered the council and the waterfront since 2019.",
      );
      expect(cardLinks($, "main")).toEqual([story.busLanes, story.wall]);
      expect(cardLinks(await site.page("/author/naledi-khoza/page/2/"), "main")).toEqual([
        story.ferry,
      ]);
    });

    it("exist without a bio file, listing the stories alone", async () => {
      const $ = await site.page("/author/pieter-botha/");
      expect($("h1").text()).toBe("Pieter Botha");
      expect($(".listing__bio").length).toBe(0);
      expect(cardLinks($, "main")).toEqual([story.regatta, story.wall]);
    });

    it("are linked from the byline", async () => {
      const $ = await site.page(story.wall);
      const authors = $(".byline__authors a")
        .map((_, a) => $(a).attr("href"))
        .get();
      expect(authors).toEqual(["/author/naledi-khoza/", "/author/pieter-botha/"]);
    });
  });

  describe("static pages and 404", () => {
    it("serves content/pages/<name>.md at /<name>/ and links it in the footer", async () => {
      const $ = await site.page("/about/");
      expect($("h1").text()).toBe("About the Gazette");
      expect($(".article__body").text()).toContain("written and edited in the town it covers");
      const home = await site.page("/");
      expect(home('footer a[href="/about/"]').text()).toBe("About the Gazette");
    });

    it("writes 404.html, kept out of search engines, offering the latest stories", async () => {
      const $ = await site.page("404.html");
      expect($("h1").text()).toBe("Page not found");
      expect($('meta[name="robots"]').attr("content")).toBe("noindex");
      const latest = $("main li a")
        .map((_, a) => $(a).attr("href"))
        .get();
      expect(latest).toEqual([
        story.swim,
        story.clinic,
        story.busLanes,
        story.regatta,
        story.market,
      ]);
    });
  });

  describe("related stories", () => {
    const related = async (url: string) => cardLinks(await site.page(url), "section.related");

    it("are earlier stories sharing a tag, newest first, then earlier stories of the same section", async () => {
      expect(await related(story.busLanes)).toEqual([story.wall, story.ferry, story.market]);
    });

    it("rank a story sharing a merged tag above newer stories that only share the section", async () => {
      expect(await related(story.clinic)).toEqual([story.market, story.busLanes, story.wall]);
    });

    it("cross sections when a tag is shared", async () => {
      expect(await related(story.swim)).toEqual([story.regatta, story.wall]);
    });

    it("are left out when no earlier story qualifies", async () => {
      const $ = await site.page(story.ferry);
      expect($("section.related").length).toBe(0);
    });

    it("never include the story itself or a later story", async () => {
      const order = Object.values(story);
      for (const url of order) {
        for (const other of await related(url)) {
          expect(other).not.toBe(url);
          expect(order.indexOf(other), `${other} related to ${url}`).toBeLessThan(
            order.indexOf(url),
          );
        }
      }
    });
  });

  describe("the article page", () => {
    it('shows "Updated <time>" next to the publication time', async () => {
      const $ = await site.page(story.busLanes);
      const times = $(".byline time")
        .map((_, t) => $(t).attr("datetime"))
        .get();
      expect(times).toEqual(["2026-11-18T10:00:00+02:00", "2026-11-19T15:45:00+02:00"]);
      expect($(".byline__updated").text().replace(/\s+/g, " ")).toBe(
        "Updated 19 November 2026 at 15:45",
      );
    });

    it("shows no Updated line when the story was never updated", async () => {
      const $ = await site.page(story.wall);
      expect($(".byline__updated").length).toBe(0);
      expect($(".byline time").length).toBe(1);
    });

    it("renders corrections as a dated list after the body", async () => {
      const $ = await site.page(story.busLanes);
      const items = $("section.corrections li")
        .map((_, li) => ({
          date: $(li).find("time").attr("datetime"),
          text: $(li).text(),
        }))
        .get();
      expect(items).toEqual([
        {
          date: "2026-11-19T00:00:00+02:00",
          text: "19 November 2026: An earlier version gave the wrong length of the lanes.",
        },
        {
          date: "2026-11-20T00:00:00+02:00",
          text: "20 November 2026: The vote was 31 to 12, not 31 to 21.",
        },
      ]);
      const all = $("*").get();
      expect(all.indexOf($("section.corrections").get(0) as never)).toBeGreaterThan(
        all.indexOf($(".article__body").get(0) as never),
      );
      expect((await site.page(story.wall))("section.corrections").length).toBe(0);
    });
  });
});
