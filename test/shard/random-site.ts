import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { makeJpeg } from "../images/make-image.js";

/** A generated newsroom: what each story carries, and what else the site has. */
export interface RandomSite {
  readonly stories: readonly RandomStory[];
  readonly perPage: number;
  readonly fullTextFeeds: boolean;
  /** An about page that shows an image in its body. */
  readonly aboutPage: boolean;
  /** `public/robots.txt` of the site's own. */
  readonly robots: boolean;
  /** A `public/_headers` that adds a header of its own. */
  readonly siteHeaders: boolean;
}

/** One generated story. */
export interface RandomStory {
  readonly section: "news" | "sport";
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  /** Hours before the build time (negative: embargoed until after it). */
  readonly hoursAgo: number;
  readonly draft: boolean;
  readonly alias: boolean;
  /** Which of the shared photos is its hero, if any. */
  readonly hero: number | undefined;
  /** Which of the shared photos its body shows, if any (3 and 4 are never heroes). */
  readonly bodyImage: number | undefined;
  /** Which earlier story its body links to, if any (may be a hidden one: a broken link). */
  readonly linksTo: number | undefined;
  readonly words: number;
}

const story: fc.Arbitrary<RandomStory> = fc.record({
  section: fc.constantFrom("news" as const, "sport" as const),
  tags: fc.subarray(["Water", "Courts", "Energy", "Rail"], { maxLength: 3 }),
  authors: fc.subarray(["Ayo Dube", "Mia Botha", "Lwazi Khoza"], { minLength: 1, maxLength: 2 }),
  hoursAgo: fc.integer({ min: -30, max: 24 * 40 }),
  draft: fc.integer({ min: 0, max: 8 }).map((n) => n === 0),
  alias: fc.boolean(),
  // `freq`: one value in `freq` is undefined.
  hero: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 3 }),
  bodyImage: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 2 }),
  linksTo: fc.option(fc.nat(30), { nil: undefined, freq: 2 }),
  words: fc.integer({ min: 5, max: 400 }),
});

/** Random sites of 2 to 14 stories. */
export const randomSites: fc.Arbitrary<RandomSite> = fc.record({
  stories: fc.array(story, { minLength: 2, maxLength: 14 }),
  perPage: fc.integer({ min: 2, max: 4 }),
  fullTextFeeds: fc.boolean(),
  aboutPage: fc.boolean(),
  robots: fc.boolean(),
  siteHeaders: fc.boolean(),
});

/** The build time every generated site is built at. */
export const siteNow = Date.parse("2026-11-28T10:00:00Z");

const words = ["harbour", "council", "ferry", "rain", "budget", "court", "school", "power"];

/** The file of story `index` (relative to the site root). */
export function storyFile(index: number): string {
  return `content/articles/2026/story-${String(index).padStart(2, "0")}.md`;
}

/** The Markdown file of one story. */
export function storyText(site: RandomSite, index: number, edit = ""): string {
  const item = site.stories[index] as RandomStory;
  const date = new Date(siteNow - item.hoursAgo * 3_600_000).toISOString();
  const lines = [
    "---",
    `title: "Story ${index}: ${words[index % words.length]} ${edit}"`,
    `date: ${date}`,
    `section: ${item.section}`,
    `tags: ${JSON.stringify(item.tags)}`,
    `authors: ${JSON.stringify(item.authors)}`,
  ];
  if (item.draft) lines.push("draft: true");
  if (item.alias) lines.push(`aliases: ["/old/story-${index}/"]`);
  if (item.hero !== undefined)
    lines.push("image:", `  src: /photos/photo-${item.hero}.jpg`, `  alt: Photo ${item.hero}`);
  lines.push("---");
  const body: string[] = [];
  for (let i = 0; i < item.words; i++) body.push(words[(i * 7 + index) % words.length] as string);
  lines.push(`${body.join(" ")}. ${edit}`, "");
  if (item.bodyImage !== undefined)
    lines.push(`![Body photo ${item.bodyImage}](/photos/photo-${item.bodyImage}.jpg)`, "");
  if (item.linksTo !== undefined) {
    const target = item.linksTo % site.stories.length;
    const to = site.stories[target] as RandomStory;
    const date = new Date(siteNow - to.hoursAgo * 3_600_000);
    const day = date.toISOString().slice(0, 10).replaceAll("-", "/");
    lines.push(
      `See [story ${target}](/${to.section}/${day}/story-${String(target).padStart(2, "0")}/).`,
      "",
    );
  }
  return lines.join("\n");
}

/** Writes a generated site into `root` (which exists and is empty). */
export async function writeRandomSite(root: string, site: RandomSite): Promise<void> {
  const put = async (file: string, data: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), data);
  };
  await put(
    "newsdeck.config.mjs",
    `export default ${JSON.stringify({
      site: { title: "The Shard Post", url: "https://shards.example.org", timezone: "UTC" },
      sections: { news: { title: "News" }, sport: { title: "Sport" } },
      pagination: { perPage: site.perPage },
      home: { latest: 3, perSection: 2 },
      feeds: { items: 4, content: site.fullTextFeeds ? "full" : "summary" },
      images: { widths: [24, 48] },
    })};\n`,
  );
  for (let i = 0; i < 5; i++)
    await put(`public/photos/photo-${i}.jpg`, await makeJpeg({ width: 64, height: 40, seed: i }));
  for (let index = 0; index < site.stories.length; index++)
    await put(storyFile(index), storyText(site, index));
  if (site.aboutPage)
    await put(
      "content/pages/about.md",
      "---\ntitle: About us\n---\nWho we are.\n\n![Our office](/photos/photo-4.jpg)\n",
    );
  if (site.robots) await put("public/robots.txt", "User-agent: *\nDisallow: /old/\n");
  if (site.siteHeaders)
    await put("public/_headers", "/feed.xml\n  Access-Control-Allow-Origin: *\n");
}

/** An edit a writer may make between two builds. */
export type SiteEdit =
  | { readonly kind: "body"; readonly which: number; readonly text: string }
  | { readonly kind: "add"; readonly story: RandomStory }
  | { readonly kind: "remove"; readonly which: number }
  | { readonly kind: "photo"; readonly which: number };

/** Random edits. */
export const siteEdits: fc.Arbitrary<SiteEdit> = fc.oneof(
  fc.record({
    kind: fc.constant("body" as const),
    which: fc.nat(40),
    text: fc.constantFrom("updated", "corrected", "a longer addition with several more words"),
  }),
  fc.record({ kind: fc.constant("add" as const), story }),
  fc.record({ kind: fc.constant("remove" as const), which: fc.nat(40) }),
  fc.record({ kind: fc.constant("photo" as const), which: fc.integer({ min: 0, max: 4 }) }),
);

/** Applies an edit to the site on disk; returns the site as it now is. */
export async function applySiteEdit(
  root: string,
  site: RandomSite,
  edit: SiteEdit,
): Promise<RandomSite> {
  switch (edit.kind) {
    case "body": {
      const which = edit.which % site.stories.length;
      await writeFile(path.join(root, storyFile(which)), storyText(site, which, edit.text));
      return site;
    }
    case "add": {
      const next = { ...site, stories: [...site.stories, edit.story] };
      await writeFile(
        path.join(root, storyFile(next.stories.length - 1)),
        storyText(next, next.stories.length - 1),
      );
      return next;
    }
    case "remove": {
      // The last story goes, so that the files of the others keep their numbers.
      if (site.stories.length <= 2) return site;
      await rm(path.join(root, storyFile(site.stories.length - 1)));
      return { ...site, stories: site.stories.slice(0, -1) };
    }
    case "photo":
      await writeFile(
        path.join(root, `public/photos/photo-${edit.which}.jpg`),
        await makeJpeg({ width: 64, height: 40, seed: 10 + edit.which }),
      );
      return site;
  }
}
