import { existsSync } from "node:fs";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";

const wireUrl = "/wire/2026/05/26/clinic-systems-locked/";

/** Position of the first element matching `selector` in document order. */
function orderOf($: CheerioAPI, selector: string): number {
  const target = $(selector).get(0);
  expect(target, `${selector} is on the page`).toBeDefined();
  return $("*")
    .get()
    .indexOf(target as never);
}

describe("the article page", () => {
  let site: BuiltSite;
  let $: CheerioAPI;

  beforeAll(async () => {
    site = await buildSite("article-anatomy");
    expect(site.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.result.exitCode).toBe(0);
    $ = await site.page(wireUrl);
  });
  afterAll(() => site.cleanup());

  it("carries every part of the reference page, in the reference order", () => {
    const parts = [
      "a.label--section",
      "a.label--topic",
      "h1",
      "figure.figure--hero",
      ".article__body .dateline",
      ".article__credits",
      "section.gallery",
      "aside.notice--disclaimer",
      "section.comments",
      "aside.donate",
    ];
    const positions = parts.map((selector) => orderOf($, selector));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("labels the story with its section title and primary topic, linked", () => {
    expect($("a.label--section").text()).toBe("Wire");
    expect($("a.label--section").attr("href")).toBe("/wire/");
    expect($("a.label--topic").text()).toBe("COVID-19");
    expect($("a.label--topic").attr("href")).toBe("/tag/covid-19/");
  });

  it("shows the headline in the title and as the only h1", () => {
    expect($("h1").length).toBe(1);
    expect($("h1").text()).toBe("Clinic systems locked as intake surges");
    expect($("title").text()).toBe("Clinic systems locked as intake surges | The Harbour Courier");
  });

  it("shows the hero with alt text, intrinsic size, caption and credit, and serves the file", () => {
    const img = $("figure.figure--hero img");
    expect(img.attr("alt")).toBe("Blue server cabinets in a narrow room");
    expect(img.attr("width")).toBe("320");
    expect(img.attr("height")).toBe("200");
    const src = img.attr("src") ?? "";
    expect(existsSync(path.join(site.outDir, src))).toBe(true);
    const caption = $("figure.figure--hero figcaption").text();
    expect(caption).toContain("A clinic data room");
    expect(caption).toContain("(Photo: Ana Ruiz/Lakeside Wire)");
  });

  it("opens the body with the dateline: place, local date and agency", () => {
    const first = $(".article__body p").first();
    expect(first.find(".dateline").text()).toBe("BASEL, 26 May (Lakeside Wire) – ");
    expect(first.text()).toContain("Three clinic groups said on Tuesday");
  });

  it("sets typographic quotes and keeps template syntax in content literal", () => {
    const body = $(".article__body").text();
    expect(body).toContain("“critical”");
    expect(body).toContain("{{ site.title }} with <% it.secret %> stays literal");
  });

  it("renders a body image from a path relative to the article, with its caption", () => {
    const figure = $(".article__body figure.body-figure");
    expect(figure.find("img").attr("alt")).toBe("Staff reading printed charts");
    expect(figure.find("figcaption").text()).toBe("Printed charts at the nurses' station");
    const src = figure.find("img").attr("src") ?? "";
    expect(src).toMatch(/^\/images\//);
    expect(existsSync(path.join(site.outDir, src))).toBe(true);
  });

  it("ends the body with the production credits", () => {
    expect($(".article__body > *").last().text()).toBe(
      "(Reporting by Ana Ruiz; Editing by Tom Pell)",
    );
  });

  it("shows a gallery of every image with its caption and credit", () => {
    expect($("section.gallery h2").text()).toBe("Gallery");
    const figures = $("section.gallery figure");
    expect(figures.length).toBe(2);
    expect(figures.eq(1).find("img").attr("alt")).toBe("Patients queueing outside");
    expect(figures.eq(1).find("figcaption").text()).toContain("(Photo: Ben Osei)");
  });

  it("names every author with a link to their page, the time and the update", () => {
    const authors = $(".byline__authors a");
    expect(authors.map((_, a) => $(a).text()).get()).toEqual(["Ines Keller", "Marc Oyelaran"]);
    expect(authors.first().attr("href")).toBe("/author/ines-keller/");
    expect($(".byline time").first().attr("datetime")).toBe("2026-05-26T09:30:00+02:00");
    expect($(".byline__updated time").attr("datetime")).toBe("2026-05-27T08:00:00+02:00");
  });

  it("lists corrections with their dates", () => {
    const items = $("section.corrections li");
    expect(items.length).toBe(1);
    expect(items.find("time").attr("datetime")).toBe("2026-05-27T00:00:00+02:00");
    expect(items.text()).toContain("wrong number of clinics");
  });

  it("shows the disclaimer chosen by the config's tag rule, which disables comments", () => {
    expect($("aside.notice--disclaimer").text()).toContain("comments are off here");
    expect($("section.comments").hasClass("comments--disabled")).toBe(true);
  });

  it("shows the call-to-action with the configured link, label and payment options", () => {
    const button = $("aside.donate a.button");
    expect(button.attr("href")).toBe("https://courier.example.net/give");
    expect(button.text()).toContain("Back the Courier");
    expect($("aside.donate a.donate__secondary").attr("href")).toBe(
      "https://courier.example.net/give/options",
    );
  });
});

describe("policy partials", () => {
  let site: BuiltSite;
  beforeAll(async () => {
    site = await buildSite("article-anatomy");
  });
  afterAll(() => site.cleanup());

  it("removes the disclaimer with `disclaimer: none`, leaving comments as the article says", async () => {
    const $ = await site.page("/wire/2026/05/25/vaccine-vans-return/");
    expect($("aside.notice--disclaimer").length).toBe(0);
    expect($("section.comments").hasClass("comments--open")).toBe(true);
    expect($("section.comments").text()).toContain("Please peer review 3 community comments");
  });

  it("uses the partial an article names, with its own comment setting", async () => {
    const $ = await site.page("/wire/2026/05/24/court-order-story/");
    expect($("aside.notice--disclaimer").text()).toContain("subject to a court order");
    expect($("section.comments").hasClass("comments--closed")).toBe(true);
  });

  it("leaves out the call-to-action with `donate: false`", async () => {
    const $ = await site.page("/opinion/2026/05/23/opinion-keep-the-ferries/");
    expect($("aside.donate").length).toBe(0);
    expect($("h1").text()).toBe("Keep the night ferries running");
  });

  it("builds section pages and a home page that link the stories", async () => {
    const $section = await site.page("/wire/");
    expect(
      $section(".card__title a")
        .map((_, a) => $section(a).attr("href"))
        .get(),
    ).toEqual([
      "/wire/2026/05/26/clinic-systems-locked/",
      "/wire/2026/05/25/vaccine-vans-return/",
      "/wire/2026/05/24/court-order-story/",
    ]);
    const $home = await site.page("/");
    expect($home(".lead__title a").attr("href")).toBe("/wire/2026/05/26/clinic-systems-locked/");
  });
});
