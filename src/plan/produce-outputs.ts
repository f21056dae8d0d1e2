import { availableParallelism } from "node:os";
import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import { newsSitemapFile, recentArticles } from "../outputs/news-sitemap.js";
import { collectRedirects, redirectsFile } from "../outputs/redirects.js";
import { robotsFile } from "../outputs/robots.js";
import { sitemapFiles, siteSitemapEntries } from "../outputs/sitemaps.js";
import type { ThemeAssets } from "../outputs/theme-assets.js";
import { renderSearchPage } from "../search/render-search-page.js";
import {
  bucketOfSubject,
  type SearchStats,
  searchBucketFiles,
  searchListFile,
} from "../search/search-outputs.js";
import {
  type RenderContext,
  type RenderedPage,
  renderAlias,
  renderArticle,
  renderHome,
  renderListing,
  renderNotFound,
  renderStaticPage,
} from "../templates/render-subject.js";
import type { OutputFile } from "../write/output-file.js";
import type { OutputWriter } from "../write/output-writer.js";
import { aliasPath } from "./plan-outputs.js";
import { encodeSubject, type Subject } from "./subject.js";

/** What each file written in this build shows, and which templates made it. */
export type ProducedFiles = Map<
  string,
  { readonly subject: string; readonly templates: readonly string[] }
>;

/** What producing outputs needs besides the render context. */
export interface ProduceInput {
  readonly context: RenderContext;
  readonly state: BuildState;
  readonly writer: OutputWriter;
  readonly assets: ThemeAssets;
  readonly root: string;
  /**
   * A second claim to a path is skipped, not an error: the build already failed, and the URL
   * clash check has reported the URLs that collide.
   */
  readonly skipClaimed?: boolean | undefined;
  /** Called before each file is written, to refuse one that would overwrite another's path. */
  readonly claim?: ((outputPath: string, subject: string) => void) | undefined;
  /** Called after each subject, for a large build to collect garbage. */
  readonly tick?: (() => void) | undefined;
  /**
   * Repairs what made rendering a subject fail (a record missing from a damaged cache); true
   * when the subject should be rendered again.
   */
  readonly recover?: ((error: unknown) => Promise<boolean>) | undefined;
  /** Counts what indexing for site search did. */
  readonly searchStats?: SearchStats | undefined;
}

/**
 * Search buckets indexed at once: one per core, as each is a Pagefind process of its own (at
 * most four: the build's own threads need cores too).
 */
const bucketsAtOnce = Math.min(4, Math.max(1, availableParallelism()));

/** Subjects in the order they are written: pages first, copies of `public/` last. */
const order: readonly Subject["kind"][] = [
  "home",
  "article",
  "listing",
  "page",
  "notFound",
  "alias",
  "redirects",
  "siteFeeds",
  "termFeed",
  "sitemap",
  "newsSitemap",
  "robots",
  "assets",
  "image",
  "extra",
  "public",
];

/** Sorts subjects into write order; within a kind, as planned. */
function writeOrder(subjects: Iterable<Subject>): Subject[] {
  const rank = new Map(order.map((kind, index) => [kind, index]));
  return [...subjects]
    .map((subject, index) => ({ subject, index }))
    .sort(
      (a, b) =>
        (rank.get(a.subject.kind) ?? 99) - (rank.get(b.subject.kind) ?? 99) || a.index - b.index,
    )
    .map(({ subject }) => subject);
}

/**
 * Renders each planned subject and hands its files to the writer, recording what each file
 * shows and the templates it used (the state keeps both, so that a later change finds it).
 * Rendering goes on after a template error, so a run reports them all.
 */
export async function produceOutputs(
  input: ProduceInput,
  subjects: Iterable<Subject>,
): Promise<ProducedFiles> {
  const produced: ProducedFiles = new Map();
  const { context, writer } = input;
  const write = async (file: OutputFile, subject: string, templates: readonly string[] = []) => {
    if (input.skipClaimed && writer.has(file.path)) return;
    input.claim?.(file.path, subject);
    await writer.write(file);
    produced.set(file.path, { subject, templates });
  };
  const page = async (subject: string, rendered: RenderedPage | undefined) => {
    if (rendered) await write(rendered.file, subject, rendered.templates);
  };
  // Search buckets are indexed a few at once, each by a Pagefind service of its own (a process:
  // its work is on another core), ahead of their turn; their files are written in turn, so the
  // output does not depend on which finished first.
  const ordered = writeOrder(subjects);
  const buckets = ordered.filter((subject) => bucketOfSubject(subject) !== undefined);
  const indexing = new Map<Subject, Promise<OutputFile[]>>();
  let nextBucket = 0;
  const indexBucketOf = (subject: Subject) => {
    const task = searchBucketFiles(
      context,
      input.state,
      bucketOfSubject(subject) as string,
      input.searchStats,
    );
    // Awaited in its turn; until then a failure must not count as unhandled.
    task.catch(() => {});
    return task;
  };
  const indexAhead = () => {
    while (indexing.size < bucketsAtOnce && nextBucket < buckets.length) {
      const subject = buckets[nextBucket++] as Subject;
      indexing.set(subject, indexBucketOf(subject));
    }
  };
  const produce = async (subject: Subject, key: string): Promise<void> => {
    switch (subject.kind) {
      case "article":
        await page(key, await renderArticle(context, subject.id));
        break;
      case "listing":
        await page(key, await renderListing(context, subject.list, subject.page));
        break;
      case "home":
        await page(key, await renderHome(context));
        break;
      case "notFound":
        await page(key, await renderNotFound(context));
        break;
      case "page": {
        const staticPage = context.view.pages.find((p) => p.file === subject.file);
        if (staticPage) await page(key, await renderStaticPage(context, staticPage));
        break;
      }
      case "alias": {
        const id = input.state.tables.aliases.get(subject.from);
        const to = id === undefined ? undefined : context.view.model.entry(id)?.url;
        if (to) await page(key, renderAlias(context, subject.from, aliasPath(subject.from), to));
        break;
      }
      case "redirects":
        await write(redirectsFile(collectRedirects(context.view, input.state.tables.aliases)), key);
        break;
      case "siteFeeds": {
        const { siteFeedFiles } = await import("../outputs/feeds.js");
        const feeds = await siteFeedFiles(context);
        for (const file of feeds.files) await write(file, key, feeds.templates);
        break;
      }
      case "termFeed": {
        const { termFeedFile } = await import("../outputs/feeds.js");
        const file = await termFeedFile(context, subject.list);
        if (file) await write(file, key);
        break;
      }
      case "sitemap":
        for (const file of sitemapFiles(siteSitemapEntries(context.view), {
          baseUrl: context.view.baseUrl,
          timeZone: context.view.config.site.timezone,
        }))
          await write(file, key);
        break;
      case "newsSitemap": {
        const { view } = context;
        const input = {
          config: view.config,
          now: view.now,
          baseUrl: view.baseUrl,
          articles: recentArticles(view),
        };
        await write(newsSitemapFile(input), key);
        break;
      }
      case "robots":
        await write(robotsFile(context.view.baseUrl), key);
        break;
      case "assets":
        for (const file of input.assets.files) await write(file, key);
        break;
      case "image": {
        try {
          await context.images.publish(subject.file);
        } catch {
          // The pages showing it report the problem.
          break;
        }
        for (const file of context.images.outputsOf(subject.file)) await write(file, key);
        break;
      }
      case "public":
        await write(
          { path: subject.file, copyFrom: path.join(input.root, "public", subject.file) },
          key,
        );
        break;
      case "extra": {
        if (bucketOfSubject(subject) !== undefined) {
          indexAhead();
          const task = indexing.get(subject) ?? indexBucketOf(subject);
          indexing.delete(subject);
          const files = await task.finally(indexAhead);
          for (const file of files) await write(file, key);
        } else if (subject.name === "search-page") await page(key, renderSearchPage(context));
        else if (subject.name === "search-list") await write(searchListFile(input.state), key);
        break;
      }
      case "headers":
      case "manifest":
        break;
    }
  };
  for (const subject of ordered) {
    const key = encodeSubject(subject);
    for (let attempt = 0; ; attempt++) {
      try {
        await produce(subject, key);
        break;
      } catch (error) {
        if (attempt > 20 || !(await input.recover?.(error))) throw error;
      }
    }
    input.tick?.();
  }
  return produced;
}
