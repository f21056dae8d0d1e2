import { article, type FileTree } from "../helpers/build-site.js";
import { makeJpeg } from "../images/make-image.js";

/** The headline word of each story, so tests can find them. */
export const stories = {
  reservoir: "/city/2026/11/24/reservoir-levels-recover/",
  budget: "/business/2026/11/12/water-budget-tabled/",
  ferry: "/city/2026/10/18/ferry-fares-frozen/",
  market: "/business/2026/10/02/fish-market-reopens/",
  lighthouse: "/city/2026/09/09/lighthouse-keeper-retires/",
} as const;

/**
 * A small newsroom for the search tests: five stories over three months (so three article
 * buckets), a hero image, a static page, and one draft that must never be found.
 */
export async function searchNewsroom(config = ""): Promise<FileTree> {
  return {
    "newsdeck.config.mjs": `export default {
  site: { title: "The Tidewater Courier", url: "https://courier.example.org", language: "en-GB", timezone: "Africa/Johannesburg" },
  sections: { city: { title: "City" }, business: { title: "Business" } },
  ${config}
};
`,
    "content/articles/2026/11/reservoir-levels-recover.md": article(
      {
        title: "Reservoir levels recover after spring rains",
        date: "2026-11-24T08:00:00+02:00",
        section: "city",
        tags: ["Water"],
        authors: ["Ayanda Mokoena"],
        summary: "The main dam is back above half its capacity.",
        image: { src: "./dam.jpg", alt: "A dam wall with water flowing over the spillway" },
      },
      "Engineers said the spillway ran for the first time in three years. Farmers downstream welcomed the news.",
    ),
    "content/articles/2026/11/dam.jpg": await makeJpeg({ width: 960, height: 640, seed: 3 }),
    "content/articles/2026/11/water-budget-tabled.md": article(
      {
        title: "Council tables the water budget",
        date: "2026-11-12T10:30:00+02:00",
        section: "business",
        tags: ["Water", "Council"],
        authors: ["Pieter Naidoo"],
      },
      "The budget sets aside money for leak repairs across the old town. Councillors will vote next week.",
    ),
    "content/articles/2026/10/ferry-fares-frozen.md": article(
      {
        title: "Ferry fares frozen for another year",
        date: "2026-10-18T07:15:00+02:00",
        section: "city",
        tags: ["Transport"],
        authors: ["Ayanda Mokoena"],
      },
      "Commuters on the estuary crossing will pay the same as last year. The operator blamed fuel costs for a smaller timetable.",
    ),
    "content/articles/2026/10/fish-market-reopens.md": article(
      {
        title: "Fish market reopens on the quay",
        date: "2026-10-02T06:00:00+02:00",
        section: "business",
        tags: ["Harbour"],
        authors: ["Pieter Naidoo"],
      },
      "Traders returned to the refurbished hall before dawn. Water pressure problems delayed the opening by a month.",
    ),
    "content/articles/2026/09/lighthouse-keeper-retires.md": article(
      {
        title: "Lighthouse keeper retires after forty years",
        date: "2026-09-09T12:00:00+02:00",
        section: "city",
        tags: ["Harbour"],
        authors: ["Ayanda Mokoena"],
      },
      "She climbed the spiral stairs every evening, and kept a logbook of every storm.",
    ),
    "content/articles/2026/11/secret-tender.md": article(
      {
        title: "Gravelwick tender under review",
        date: "2026-11-20T09:00:00+02:00",
        section: "business",
        tags: ["Gravelwick"],
        draft: true,
      },
      "The gravelwick contract is still a draft.",
    ),
    "content/pages/corrections.md": `---\ntitle: Corrections policy\nsummary: How we fix our mistakes.\n---\nWhen we get something wrong we say so at the foot of the story, with the date of the correction.\n`,
  };
}
