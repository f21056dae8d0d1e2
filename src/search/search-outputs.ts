import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { engineVersion } from "../cache/engine-version.js";
import type { PreviousOutput } from "../cache/page-cache.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { OutputFile } from "../outputs/output-file.js";
import type { Site } from "../site/model.js";
import { formatIsoInZone } from "../site/time.js";
import type { RenderContext } from "../templates/render-pages.js";
import { htmlToText } from "./html-to-text.js";
import { indexBucket, SearchIndexError, withPagefind } from "./index-bucket.js";
import {
  bucketFolder,
  bucketKey,
  isBucketName,
  planBuckets,
  type SearchBucket,
  searchFolder,
} from "./plan-buckets.js";
import { renderSearchPage } from "./render-search-page.js";
import { searchEntries } from "./search-entries.js";
import { searchRecord } from "./search-record.js";

/** What the previous build left in the output folder, for reusing unchanged buckets. */
export interface SearchCache {
  /** The previous build's files in this output folder, with the key each was made from. */
  readonly previous: ReadonlyMap<string, PreviousOutput>;
  /** Where those files are now. */
  readonly previousDir: string;
  /** Build the index (false for `newsdeck check` and failed builds: only the page is checked). */
  readonly index: boolean;
}

/** The search page and index files of a build, and the key of each index file. */
export interface SearchOutputs {
  readonly files: readonly OutputFile[];
  /** Output path -> key, for the build cache (`CacheResult.pageKeys`): unchanged buckets are reused from it. */
  readonly keys: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: SearchStats;
}

/** What indexing did, for benchmarks and logs. */
export interface SearchStats {
  /** Indexed entries (published articles and pages). */
  readonly entries: number;
  readonly buckets: number;
  /** Buckets indexed by Pagefind in this build; the others were reused. */
  readonly rebuiltBuckets: number;
  /** Entries in the rebuilt buckets: what this build re-indexed. */
  readonly reindexedEntries: number;
  /** Time spent on the index (entries, bucket keys, reuse checks, Pagefind), in milliseconds. */
  readonly milliseconds: number;
}

/** The file the search page reads to know the buckets (see {@link bucketList}). */
export const bucketListPath = `${searchFolder}/newsdeck-buckets.json`;

/** Bump when records or bucket files change shape without Newsdeck's version changing. */
const searchFormat = 1;

/**
 * The `/search/` page and the search index of a site (nothing when `search.enabled` is false).
 *
 * The index is Pagefind bundles, one per bucket (see `plan-buckets.ts`) under `/pagefind/`,
 * merged in the browser. A bucket whose key equals the one the previous build recorded for its
 * files is taken from that build unread; the others are indexed from the site model and the
 * rendered bodies in the build cache (no page is read back from the output). So a warm build
 * after one edit re-indexes one month of articles, whatever the archive's size.
 */
export async function searchOutputs(
  context: RenderContext,
  cache: SearchCache,
): Promise<SearchOutputs> {
  const { site } = context;
  const config = site.config.search;
  const started = performance.now();
  const none = { entries: 0, buckets: 0, rebuiltBuckets: 0, reindexedEntries: 0, milliseconds: 0 };
  if (!config.enabled) return { files: [], keys: new Map(), diagnostics: [], stats: none };
  const page = renderSearchPage(context);
  const pageFiles = page ? [page] : [];
  if (!cache.index) return { files: pageFiles, keys: new Map(), diagnostics: [], stats: none };

  const entries = await searchEntries(site, {
    bodyKey: (file) => context.bodies.keyOf(file),
    image: (file) => context.images.publish(file),
  });
  const buckets = planBuckets(entries, (date) =>
    formatIsoInZone(date, site.config.site.timezone).slice(0, 7),
  );
  const language = indexLanguage(site);
  const inputs = { engineVersion, pagefind: pagefindVersion(), searchFormat, language, config };
  const previous = previousBuckets(cache.previous);
  const files: OutputFile[] = [...pageFiles];
  const keys = new Map<string, string>();
  const stale: { bucket: SearchBucket; key: string }[] = [];
  const list: BucketListEntry[] = [];
  for (const bucket of buckets) {
    const key = bucketKey(bucket, inputs);
    list.push({
      path: bucket.name === "" ? "" : `${bucket.name}/`,
      pages: bucket.entries.length + 1,
      tag: key.slice(0, 16),
    });
    const reused = reusableBucket(previous.get(bucket.name), key, cache.previousDir);
    if (!reused) {
      stale.push({ bucket, key });
      continue;
    }
    for (const file of reused) {
      files.push(file);
      keys.set(file.path, key);
    }
  }
  try {
    if (stale.length > 0) {
      await withPagefind(async (pagefind) => {
        for (const { bucket, key } of stale) {
          const records = [];
          for (const entry of bucket.entries) {
            const html =
              (await context.bodies.store.read(entry.bodyKey)) ??
              (await context.bodies.recover(entry.source));
            records.push(searchRecord(entry, htmlToText(html), language, config));
          }
          const bundle = await indexBucket(pagefind, records, {
            language,
            primary: bucket.name === "",
          });
          const folder = bucketFolder(bucket.name);
          for (const file of bundle) {
            const outputPath = `${folder}/${file.path}`;
            files.push({ path: outputPath, data: file.content });
            keys.set(outputPath, key);
          }
        }
      });
    }
  } catch (error) {
    if (!(error instanceof SearchIndexError)) throw error;
    const diagnostic = createDiagnostic(
      "SearchIndexFailed",
      `Pagefind could not build the search index: ${error instanceof Error ? error.message : String(error)}`,
      {
        phase: "outputs",
        hint: "reinstall dependencies (npm ci) so that Pagefind's binary for this platform is present, or set search: false in the config",
      },
    );
    return { files: pageFiles, keys: new Map(), diagnostics: [diagnostic], stats: none };
  }
  files.push({ path: bucketListPath, data: `${JSON.stringify({ buckets: list })}\n` });
  return {
    files,
    keys,
    diagnostics: [],
    stats: {
      entries: entries.length,
      buckets: buckets.length,
      rebuiltBuckets: stale.length,
      reindexedEntries: stale.reduce((sum, { bucket }) => sum + bucket.entries.length, 0),
      milliseconds: Math.round(performance.now() - started),
    },
  };
}

/** One bucket as the search page loads it: its folder under `/pagefind/`, its size, a cache tag. */
interface BucketListEntry {
  readonly path: string;
  /** Records in the bundle, its sentinel included (the browser sizes its score decoding by it). */
  readonly pages: number;
  /** Changes whenever the bundle does: Pagefind adds it to the URL of the bundle's entry file. */
  readonly tag: string;
}

/** The two-letter language Pagefind stems and segments words for (`en-ZA` -> `en`). */
function indexLanguage(site: Site): string {
  return site.config.site.language.split("-")[0]?.toLowerCase() || "en";
}

let version: string | undefined;

/**
 * Pagefind's version: part of every bucket key, so an upgrade re-indexes everything. Its
 * package exports no `package.json`, so it is found where Node finds the package: the nearest
 * `node_modules/pagefind` from here up.
 */
function pagefindVersion(): string {
  if (version) return version;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", "pagefind", "package.json");
    if (existsSync(manifest)) {
      version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
      return version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}

/** The previous build's index files, grouped by bucket name. */
function previousBuckets(
  previous: ReadonlyMap<string, PreviousOutput>,
): Map<string, [string, PreviousOutput][]> {
  const groups = new Map<string, [string, PreviousOutput][]>();
  const prefix = `${searchFolder}/`;
  for (const [outputPath, output] of previous) {
    if (!outputPath.startsWith(prefix) || outputPath === bucketListPath) continue;
    const first = outputPath.slice(prefix.length).split("/")[0] ?? "";
    const name = isBucketName(first) ? first : "";
    const group = groups.get(name);
    if (group) group.push([outputPath, output]);
    else groups.set(name, [[outputPath, output]]);
  }
  return groups;
}

/**
 * The previous build's files of a bucket, to write again as they are: when every one was made
 * from `key`, the bundle's entry file is among them, and each is still there at its size.
 */
function reusableBucket(
  group: readonly [string, PreviousOutput][] | undefined,
  key: string,
  previousDir: string,
): OutputFile[] | undefined {
  if (!group?.some(([p]) => p.endsWith("/pagefind-entry.json"))) return undefined;
  const files: OutputFile[] = [];
  for (const [outputPath, output] of group) {
    if (output.key !== key) return undefined;
    const file = path.join(previousDir, outputPath);
    if (!existsSync(file) || statSync(file).size !== output.size) return undefined;
    files.push({ path: outputPath, reuse: { file, hash: output.hash, size: output.size } });
  }
  return files;
}
