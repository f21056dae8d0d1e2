import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "../../src/build.js";
import type { SiteArticle } from "../../src/site/model.js";
import { repoRoot, testNow } from "../helpers/build-site.js";

/** The URL of each page kind the browser tests visit, and what the article pages must show. */
export interface SamplePages {
  readonly home: string;
  /** The reference wire story: hero, dateline, credits, gallery, disclaimer, comments, CTA. */
  readonly article: string;
  /** A COVID-19 story whose front matter says `disclaimer: none`. */
  readonly articleWithoutDisclaimer: string;
  /** A story with story blocks: a pull quote, an embed, a donation prompt and a related card. */
  readonly storyBlocks: string;
  /** A story with a fact box and a timeline. */
  readonly factsAndTimeline: string;
  readonly section: string;
  readonly sectionPage2: string;
  readonly tag: string;
  /** An author with a bio. */
  readonly author: string;
  readonly staticPage: string;
  /** A URL that does not exist: served `404.html` with status 404. */
  readonly notFound: string;
}

/** The sample site built for the browser tests. */
export interface SampleSite {
  readonly root: string;
  readonly outDir: string;
  readonly pages: SamplePages;
  readonly donateUrl: string;
  readonly paymentOptionsUrl: string;
  cleanup(): Promise<void>;
}

/** The reference story of the sample site (the wire story of the reference anatomy). */
const referenceArticle = "content/articles/2026/11/hospital-ransomware-pandemic.md";

/** The sample's stories with story blocks (see docs/story-blocks.md). */
const storyBlocksArticle = "content/articles/2026/11/reservoir-town-water-rationing.md";
const factsAndTimelineArticle = "content/articles/2026/11/tender-ruling-high-court.md";

/**
 * The sample site's reference story has no gallery, but the reference page has one; the test
 * copy gets two of the sample's published images, so one page carries every anatomy part.
 */
const referenceGallery = `gallery:
  - src: ./skyline-night.jpg
    alt: A city skyline at night with lit office windows under a moonlit sky
    caption: Hospital administration offices were among the buildings affected
    credit: Lindiwe Sithole/The Daily Ledger
  - src: ./reservoir.jpg
    alt: A reservoir with a wide pale band of exposed bank between the waterline and green hills
    caption: A rural district whose clinic ran on paper records for three days
    credit: Lindiwe Sithole/The Daily Ledger
`;

/** Small pages, so that a section has a second page (the sample has 20 stories). */
const perPage = 3;

/**
 * Copies the sample site (the repository root's `content/`, `public/` and config) into a
 * temporary folder, adds the gallery above and a smaller page size, and builds it at the tests'
 * fixed time.
 */
export async function buildSampleSite(): Promise<SampleSite> {
  const root = await mkdtemp(path.join(tmpdir(), "newsdeck-browser-"));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    for (const entry of ["content", "public", "newsdeck.config.ts"]) {
      await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
    }
    await editFile(path.join(root, "newsdeck.config.ts"), (config) =>
      replaceOnce(config, /perPage:\s*\d+/, `perPage: ${perPage}`, "pagination.perPage"),
    );
    await editFile(path.join(root, referenceArticle), (source) =>
      /^gallery:/m.test(source)
        ? source
        : replaceOnce(source, /\n---\n/, `\n${referenceGallery}---\n`, "the front matter's end"),
    );

    const outDir = path.join(root, "dist");
    const result = await build({ root, outDir, now: testNow });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (result.exitCode !== 0 || !result.site) {
      throw new Error(
        `the sample site does not build:\n${errors.map((d) => d.message).join("\n")}`,
      );
    }
    const site = result.site;
    const donate = site.config.donate;
    if (!donate?.paymentOptionsUrl) throw new Error("the sample config has no donate URLs");

    const article = pick(site.articles, referenceArticle, "the reference story");
    const blocks = pick(site.articles, storyBlocksArticle, "the story with blocks");
    const timeline = pick(site.articles, factsAndTimelineArticle, "the story with a timeline");
    const withoutDisclaimer = site.articles.find(
      (a) => a.disclaimer === "none" && a.tags.length > 0,
    );
    const paginated = site.sections.find((s) => s.articles.length > perPage);
    const primaryTag = article.tagRefs[0];
    const author = site.authors.find((a) => a.bio !== undefined);
    const staticPage = site.pages[0];
    if (!withoutDisclaimer || !paginated || !primaryTag || !author || !staticPage) {
      throw new Error("the sample site lacks a page kind the browser tests visit");
    }
    return {
      root,
      outDir,
      donateUrl: donate.url,
      paymentOptionsUrl: donate.paymentOptionsUrl,
      pages: {
        home: "/",
        article: article.url,
        articleWithoutDisclaimer: withoutDisclaimer.url,
        storyBlocks: blocks.url,
        factsAndTimeline: timeline.url,
        section: paginated.url,
        sectionPage2: `${paginated.url}page/2/`,
        tag: primaryTag.url,
        author: author.url,
        staticPage: staticPage.url,
        notFound: "/no-such-story/",
      },
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function pick(articles: readonly SiteArticle[], file: string, what: string): SiteArticle {
  const found = articles.find((a) => a.file === file);
  if (!found) throw new Error(`${what} (${file}) is not published in the sample site`);
  return found;
}

async function editFile(file: string, edit: (text: string) => string): Promise<void> {
  await writeFile(file, edit(await readFile(file, "utf8")));
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`the sample site changed: cannot find ${what}`);
  return text.replace(pattern, replacement);
}
