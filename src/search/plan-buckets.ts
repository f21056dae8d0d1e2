import { hashKey } from "../cache/hash.js";
import type { SearchEntry } from "./search-record.js";

/**
 * A part of the index that is built, cached and loaded as one Pagefind bundle. Articles are
 * bucketed by the month of their publication date in the site's timezone, static pages have a
 * bucket of their own: an edit re-indexes the one month it touches (two when a story's date
 * moves it), and the browser orders newest-first results by bucket, then by date within one.
 */
export interface SearchBucket {
  /** `2026-11`, or `""` for the static pages' bucket, which is the primary bundle. */
  readonly name: string;
  /** Entries in index order: newest first. */
  readonly entries: readonly SearchEntry[];
}

/** Where a bucket's bundle is, relative to the output folder. */
export function bucketFolder(name: string): string {
  return name === "" ? searchFolder : `${searchFolder}/${name}`;
}

/** The folder of the whole index in the output (`/pagefind/`). */
export const searchFolder = "pagefind";

/**
 * True for the index files Pagefind names by their content's hash (chunks, fragments, filters,
 * the meta file): a CDN may keep them for good. The entry file, the bucket list and Pagefind's
 * runtime keep their names from build to build, so they revalidate.
 */
export function isHashedIndexFile(outputPath: string): boolean {
  return (
    outputPath.startsWith(`${searchFolder}/`) &&
    /\.pf_(?:index|fragment|filter|meta)$/.test(outputPath)
  );
}

/** True for the name of an article bucket folder (`2026-11`). */
export function isBucketName(name: string): boolean {
  return /^\d{4}-\d{2}$/.test(name);
}

/**
 * Groups entries into buckets: the pages' bucket first (always present: the browser loads
 * Pagefind's code from it), then months, newest first. `month` gives an article's bucket name.
 */
export function planBuckets(
  entries: readonly SearchEntry[],
  month: (date: number) => string,
): SearchBucket[] {
  const pages: SearchEntry[] = [];
  const months = new Map<string, SearchEntry[]>();
  for (const entry of entries) {
    if (entry.date === undefined) {
      pages.push(entry);
      continue;
    }
    const name = month(entry.date);
    const bucket = months.get(name);
    if (bucket) bucket.push(entry);
    else months.set(name, [entry]);
  }
  const newestFirst = [...months.keys()].sort().reverse();
  return [
    { name: "", entries: pages },
    ...newestFirst.map((name) => ({ name, entries: months.get(name) ?? [] })),
  ];
}

/**
 * The key of a bucket: everything its files are made of. Equal keys give byte-identical files,
 * so a bucket whose key the previous build recorded is taken from that build as it is.
 */
export function bucketKey(bucket: SearchBucket, inputs: unknown): string {
  return hashKey(
    "search-bucket",
    inputs,
    bucket.name,
    bucket.entries.map(({ source, ...entry }) => entry),
  );
}
