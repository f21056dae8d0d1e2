import type { CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";

const lead = "Ferry crews voted on Monday to accept the new rota after six weeks of talks.";
const written = "The harbour's ferries keep their night sailings.";
const secondLead = "The port authority dropped its plan to end sailings after ten at night.";
const derivedUrl = "/harbour/2026/11/02/ferry-crews-accept-rota/";
const writtenUrl = "/harbour/2026/11/03/night-sailings-stay/";

/** How many times `sentence` occurs in what the page shows (the body, not the head's metadata). */
function shownCount($: CheerioAPI, sentence: string): number {
  return $("body").text().split(sentence).length - 1;
}

describe("the standfirst", () => {
  let site: BuiltSite;

  beforeAll(async () => {
    site = await buildSite({
      "newsdeck.config.mjs": `export default { site: { title: "Harbour Post", url: "https://post.example.net" }, sections: { harbour: { title: "Harbour" } } };\n`,
      "content/articles/ferry-crews-accept-rota.md": article(
        { title: "Ferry crews accept rota", date: "2026-11-02T08:00:00Z", section: "harbour" },
        `${lead}\n\nThe union said the deal protects weekend rest.\n`,
      ),
      "content/articles/night-sailings-stay.md": article(
        {
          title: "Night sailings stay",
          date: "2026-11-03T08:00:00Z",
          section: "harbour",
          summary: written,
        },
        `${secondLead}\n\nThe timetable is unchanged until spring.\n`,
      ),
    });
    expect(site.result.diagnostics).toEqual([]);
    expect(site.result.exitCode).toBe(0);
  });
  afterAll(() => site.cleanup());

  it("is absent when front matter has no summary, so the lead sentence appears once", async () => {
    const $ = await site.page(derivedUrl);
    expect($(".article__standfirst").length).toBe(0);
    expect($(".article__body p").first().text()).toContain(lead);
    expect(shownCount($, lead)).toBe(1);
  });

  it("shows the writer's summary above the body, and the lead sentence still once", async () => {
    const $ = await site.page(writtenUrl);
    expect($(".article__standfirst").text()).toBe(written);
    expect(shownCount($, written)).toBe(1);
    expect(shownCount($, secondLead)).toBe(1);
  });

  it("still comes from the first paragraph for metadata, listings and feeds", async () => {
    const $ = await site.page(derivedUrl);
    expect($('meta[name="description"]').attr("content")).toBe(lead);
    expect($('meta[property="og:description"]').attr("content")).toBe(lead);
    const jsonLd = $('script[type="application/ld+json"]')
      .map((_, el) => JSON.parse($(el).text()))
      .get() as { "@type": string; description?: string }[];
    expect(jsonLd.find((data) => data["@type"] === "NewsArticle")?.description).toBe(lead);

    const $section = await site.page("/harbour/");
    const card = $section(`.card:has(a[href="${derivedUrl}"]) .card__summary`);
    expect(card.text()).toBe(lead);

    const feed = JSON.parse(await site.read("feed.json")) as {
      items: { url: string; summary?: string }[];
    };
    const item = feed.items.find((entry) => entry.url.endsWith(derivedUrl));
    expect(item?.summary).toBe(lead);
  });
});
