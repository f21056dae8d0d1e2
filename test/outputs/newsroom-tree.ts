import sharp from "sharp";
import { article, type FileTree } from "../helpers/build-site.js";

/**
 * Words that only hidden articles (a draft, an embargoed and an expired one) carry, in their
 * title, slug, tags, authors, summary and body. None may appear in any distribution output.
 */
export const hiddenMarkers = ["zebracorn", "quokkafuture", "axolotlexpired"] as const;

/** A headline that tries to end the JSON-LD script element and run its own. */
export const scriptTitle = "Budget </script><script>alert(1)</script> vote";

/** A headline with every character XML and HTML treat specially. */
export const trickyTitle = `Council <votes> & "budget" 'passes' ]]> at last`;

/** A small JPEG, so hero images go through the real image pipeline. */
async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#7a8b99" } })
    .jpeg()
    .toBuffer();
}

/** Options of {@link newsroomTree}. */
export interface NewsroomOptions {
  /** Extra keys for the `feeds` config block. */
  readonly feeds?: Record<string, unknown>;
}

/**
 * A small newsroom for distribution tests (build time `testNow`, 2026-11-28T12:00+02:00):
 * published stories in two sections with bylines, tags, hero images and an update; a wire story
 * without a byline; a syndicated story with a foreign `canonical:`; a static page; and three
 * hidden stories (draft, embargoed, expired) marked with {@link hiddenMarkers}.
 */
export async function newsroomTree(options: NewsroomOptions = {}): Promise<FileTree> {
  const config = {
    site: {
      title: "The Test Ledger & Co",
      url: "https://news.test",
      language: "en-ZA",
      timezone: "Africa/Johannesburg",
      description: "Tested news <daily>",
      logo: "/logo.png",
    },
    sections: { politics: { title: "Politics" }, health: { title: "Health & Care" } },
    ...(options.feeds ? { feeds: options.feeds } : {}),
  };
  return {
    "newsdeck.config.mjs": `export default ${JSON.stringify(config, null, 2)};\n`,
    "public/logo.png": await sharp({
      create: { width: 60, height: 60, channels: 3, background: "#000" },
    })
      .png()
      .toBuffer(),
    "content/pages/about.md": article({
      title: "About us",
      summary: "Who we are.",
      updated: "2026-10-01T09:00:00+02:00",
    }),
    "content/authors/thandi-mokoena.md": article({ name: "Thandi Mokoena", role: "Reporter" }),
    "content/articles/council-budget.jpg": await jpeg(120, 80),
    "content/articles/council-chart.jpg": await jpeg(40, 30),
    "content/articles/council-budget.md": article(
      {
        title: JSON.stringify(trickyTitle),
        date: "2026-11-27T08:00:00+02:00",
        updated: "2026-11-28T09:00:00+02:00",
        section: "politics",
        tags: ["Elections", "Arts & Culture"],
        authors: ["Thandi Mokoena", "Sipho Ndlovu"],
        summary: JSON.stringify("The council passed the budget <finally> & went home."),
        image: { src: "./council-budget.jpg", alt: "Councillors voting" },
      },
      [
        "The vote ended ]]> a long night. See [our policy](/about/) and [the note](#note).",
        "",
        "![A chart of the vote](./council-chart.jpg)",
        "",
        "Footnote text.",
      ].join("\n"),
    ),
    "content/articles/clinic-queues.md": article(
      {
        title: "Clinic queues grow as winter wave arrives",
        date: "2026-11-26T10:00:00+02:00",
        section: "health",
        tags: ["COVID-19"],
        source: "Meridian Press Agency",
        dateline: "Durban",
      },
      "Queues at clinics grew on Thursday.",
    ),
    "content/articles/script-vote.md": article(
      {
        title: JSON.stringify(scriptTitle),
        date: "2026-11-20T12:00:00+02:00",
        section: "politics",
        tags: ["Elections"],
        authors: ["Thandi Mokoena"],
      },
      "A vote with a dangerous headline.",
    ),
    "content/articles/wire-copy.md": article(
      {
        title: "Syndicated story from the wire",
        date: "2026-11-10T07:00:00+02:00",
        section: "health",
        canonical: "https://wire.example/original-story",
      },
      "Copied with permission.",
    ),
    "content/articles/zebracorn-draft.md": article(
      {
        title: "Zebracorn plan leaked",
        date: "2026-11-25T08:00:00+02:00",
        section: "politics",
        tags: ["Zebracorn"],
        authors: ["Zebracorn Writer"],
        summary: "zebracorn summary",
        draft: true,
      },
      "zebracorn body",
    ),
    "content/articles/quokkafuture-embargo.md": article(
      {
        title: "Quokkafuture results",
        date: "2026-12-01T08:00:00+02:00",
        section: "health",
        tags: ["Quokkafuture"],
        authors: ["Quokkafuture Writer"],
        summary: "quokkafuture summary",
      },
      "quokkafuture body",
    ),
    "content/articles/axolotlexpired-notice.md": article(
      {
        title: "Axolotlexpired notice",
        date: "2026-11-01T08:00:00+02:00",
        expires: "2026-11-27T00:00:00+02:00",
        section: "politics",
        tags: ["Axolotlexpired"],
        authors: ["Axolotlexpired Writer"],
        summary: "axolotlexpired summary",
      },
      "axolotlexpired body",
    ),
  };
}
