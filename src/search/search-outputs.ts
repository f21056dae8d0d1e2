import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { BuildState } from "../cache/build-state.js";
import { hashBytes } from "../cache/hash.js";
import { createDiagnostic } from "../errors/diagnostic.js";
import { inlineDirectiveContent } from "../markdown/inline-directive-content.js";
import type { Subject } from "../plan/subject.js";
import type { SiteView } from "../site/site-view.js";
import type { RenderContext } from "../templates/render-subject.js";
import type { OutputFile } from "../write/output-file.js";
import { htmlToText } from "./html-to-text.js";
import {
  findPagefindManifest,
  indexBucket,
  SearchIndexError,
  withPagefind,
} from "./index-bucket.js";
import { bucketFolder, bucketNames, searchFolder } from "./plan-buckets.js";
import { bucketEntries } from "./search-entries.js";
import { searchRecord } from "./search-record.js";

/** What indexing did in one build, for benchmarks and logs. */
export interface SearchStats {
  /** Buckets indexed by Pagefind in this build; the others were left as they were. */
  rebuiltBuckets: number;
  /** Entries in the rebuilt buckets: what this build re-indexed. */
  reindexedEntries: number;
  /** Time spent indexing (entries, bodies, Pagefind), in milliseconds. */
  milliseconds: number;
  /** Pagefind failed in this build (reported once; the other buckets are not tried). */
  failed?: boolean;
  /** Buckets left for a later build to re-index (a build with `deferSearch`). */
  pendingBuckets?: number;
}

/** The file the search page reads to know the buckets (see {@link searchListFile}). */
const bucketListPath = `${searchFolder}/newsdeck-buckets.json`;

/** The subjects of site search: its page, the list of buckets, and one per bucket. */
export const searchPageSubject: Subject = { kind: "extra", name: "search-page" };
export const searchListSubject: Subject = { kind: "extra", name: "search-list" };
export function searchBucketSubject(name: string): Subject {
  return { kind: "extra", name: `search-bucket:${name}` };
}

/** The bucket a subject indexes, or undefined for another subject. */
export function bucketOfSubject(subject: Subject): string | undefined {
  return subject.kind === "extra" && subject.name.startsWith("search-bucket:")
    ? subject.name.slice("search-bucket:".length)
    : undefined;
}

/** Every search subject of a site with search on (a first build, or a change every page shows). */
export function allSearchSubjects(view: SiteView): Subject[] {
  if (!view.config.search.enabled) return [];
  return [searchPageSubject, ...bucketNames(view).map(searchBucketSubject), searchListSubject];
}

/**
 * One bucket's Pagefind bundle, from the view and the rendered bodies (no page is read back from
 * the output); records its size and a tag of its entry file in the state's search table, which
 * the bucket list is written from. A bucket with nothing left to index (a month whose last
 * story went, a day the clock moved into its month) makes no files and leaves the table. A
 * Pagefind that cannot run is reported as `SearchIndexFailed`.
 */
export async function searchBucketFiles(
  context: RenderContext,
  state: BuildState,
  name: string,
  stats?: SearchStats,
): Promise<OutputFile[]> {
  const started = performance.now();
  try {
    return await indexBucketFiles(context, state, name, stats);
  } finally {
    if (stats) stats.milliseconds += Math.round(performance.now() - started);
  }
}

async function indexBucketFiles(
  context: RenderContext,
  state: BuildState,
  name: string,
  stats: SearchStats | undefined,
): Promise<OutputFile[]> {
  const { view } = context;
  if (stats?.failed) return [];
  const table = state.tables.searchBuckets;
  const { count, entries } = bucketEntries(view, name, (file) => context.images.publish(file));
  if (name !== "" && count === 0) {
    table.set(name, undefined);
    return [];
  }
  const language = indexLanguage(view);
  const config = view.config.search;
  async function* records() {
    for await (const entry of entries) {
      const html =
        (await context.bodies.store.read(entry.bodyKey)) ??
        (await context.bodies.recover({ ...entry.source, bodyKey: entry.bodyKey }));
      const text = htmlToText(
        inlineDirectiveContent(html, context.bodies.info(entry.bodyKey)?.directives),
      );
      yield searchRecord(entry, text, language, config);
    }
  }
  try {
    return await withPagefind(async (pagefind) => {
      const bundle = await indexBucket(pagefind, records(), { language, primary: name === "" });
      if (stats) {
        stats.rebuiltBuckets++;
        stats.reindexedEntries += count;
      }
      const folder = bucketFolder(name);
      const entryFile = bundle.find((file) => file.path === "pagefind-entry.json");
      table.set(name, {
        pages: count + 1,
        tag: hashBytes(entryFile?.content ?? new Uint8Array()).slice(0, 16),
      });
      return bundle.map((file) => ({ path: `${folder}/${file.path}`, data: file.content }));
    });
  } catch (error) {
    if (!(error instanceof SearchIndexError)) throw error;
    // Buckets are indexed at once: the first to fail reports it.
    if (stats?.failed) return [];
    if (stats) stats.failed = true;
    context.report(
      createDiagnostic(
        "SearchIndexFailed",
        `Pagefind could not build the search index: ${error.message}`,
        {
          phase: "outputs",
          hint: "reinstall dependencies (npm ci) so that Pagefind's binary for this platform is present, or set search: false in the config",
        },
      ),
    );
    return [];
  }
}

/**
 * `pagefind/newsdeck-buckets.json`: every bucket's folder, its number of records (the browser
 * sizes its score decoding by it) and a tag that changes whenever its bundle does (Pagefind adds
 * it to the URL of the bundle's entry file). The pages' bucket first, then days and months
 * newest first.
 */
export function searchListFile(state: BuildState): OutputFile {
  const table = state.tables.searchBuckets;
  return bucketListFile([...table.keys()].map((name) => [name, table.get(name) as BucketInfo]));
}

/**
 * Takes the buckets the site no longer has out of the state's table, before a build that
 * renders everything: it indexes the site's buckets only, so a bucket that went (a day the
 * clock moved into its month, a month whose stories all went) is never indexed empty, which is
 * how an incremental build takes it out.
 */
export function forgetGoneBuckets(state: BuildState, view: SiteView): void {
  const table = state.tables.searchBuckets;
  const current = new Set(view.config.search.enabled ? bucketNames(view) : []);
  for (const name of [...table.keys()]) if (!current.has(name)) table.set(name, undefined);
}

/** What the bucket list says of one bucket. */
export interface BucketInfo {
  readonly pages: number;
  readonly tag: string;
}

/**
 * The bucket list of {@link searchListFile} from its buckets, given in name order (`newsdeck
 * merge` makes it from the buckets of every shard).
 */
export function bucketListFile(buckets: readonly (readonly [string, BucketInfo])[]): OutputFile {
  const ordered = [
    ...buckets.filter(([name]) => name === ""),
    ...buckets.filter(([name]) => name !== "").reverse(),
  ];
  const list = ordered.map(([name, info]) => ({
    path: name === "" ? "" : `${name}/`,
    pages: info.pages,
    tag: info.tag,
  }));
  return { path: bucketListPath, data: `${JSON.stringify({ buckets: list })}\n` };
}

/** The two-letter language Pagefind stems and segments words for (`en-ZA` -> `en`). */
function indexLanguage(view: SiteView): string {
  return view.config.site.language.split("-")[0]?.toLowerCase() || "en";
}

let version: string | undefined;

/**
 * Pagefind's version: part of what every page shows (a new one re-indexes everything). Its
 * package exports no `package.json`, so it is found where Node finds the package.
 */
export function pagefindVersion(): string {
  if (version) return version;
  const manifest = findPagefindManifest();
  if (!manifest) return "unknown";
  version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
  return version;
}
