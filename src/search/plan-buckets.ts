import type { SiteView } from "../site/site-view.js";
import { formatIsoInZone, parseIsoDate } from "../site/time.js";

/**
 * The search index is one Pagefind bundle per bucket: articles by the month of their publication
 * date in the site's timezone (`2026-11`), static pages in a bucket of their own (`""`, the
 * primary bundle, which also carries Pagefind's browser code). An edit re-indexes the one month
 * it touches (two when a story's date moves it), and the browser orders newest-first results by
 * bucket, then by date within one.
 */

/** The folder of the whole index in the output (`/pagefind/`). */
export const searchFolder = "pagefind";

/** Where a bucket's bundle is, relative to the output folder. */
export function bucketFolder(name: string): string {
  return name === "" ? searchFolder : `${searchFolder}/${name}`;
}

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

/** The bucket of an article published at `date`: its month in the site's timezone. */
export function bucketOf(date: number, timeZone: string): string {
  return formatIsoInZone(date, timeZone).slice(0, 7);
}

/** Whether an article is indexed: published (never a draft or future story, in previews neither). */
export function isIndexed(
  entry: { readonly draft: boolean; readonly date: number },
  now: number,
): boolean {
  return !entry.draft && entry.date <= now;
}

/**
 * Every bucket of the site: the pages' bucket first (always present: the browser loads
 * Pagefind's code from it), then the months that have an indexed article, newest first.
 */
export function bucketNames(view: SiteView): string[] {
  const names = [""];
  const timeZone = view.config.site.timezone;
  for (const id of view.model.list("all")) {
    const entry = view.model.entry(id);
    if (!entry || !isIndexed(entry, view.now)) continue;
    const name = bucketOf(entry.date, timeZone);
    if (names[names.length - 1] !== name) names.push(name);
  }
  return names;
}

/**
 * The indexed articles of a month bucket, newest first: a range of the site's list (newest
 * first), found by binary search on the month's first and last instants in the site's timezone.
 */
export function bucketArticleIds(view: SiteView, name: string): number[] {
  const timeZone = view.config.site.timezone;
  const [year, month] = name.split("-").map(Number) as [number, number];
  const start = monthStart(year, month, timeZone);
  const end =
    month === 12 ? monthStart(year + 1, 1, timeZone) : monthStart(year, month + 1, timeZone);
  const list = view.model.list("all");
  const dateAt = (i: number) => view.model.entry(list[i] as number)?.date ?? 0;
  // First place dated before `end`, then first place dated before `start` (the list is newest first).
  const first = lowerBound(list.length, (i) => dateAt(i) < end);
  const last = lowerBound(list.length, (i) => dateAt(i) < start);
  const ids: number[] = [];
  for (let i = first; i < last; i++) {
    const id = list[i] as number;
    const entry = view.model.entry(id);
    if (entry && isIndexed(entry, view.now)) ids.push(id);
  }
  return ids;
}

function monthStart(year: number, month: number, timeZone: string): number {
  const parsed = parseIsoDate(
    `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`,
    timeZone,
  );
  if (!parsed.ok) throw new Error(`search: no start for month ${year}-${month}`);
  return parsed.epochMs;
}

/** The first index in [0, length) where `after` holds (it holds from some index on). */
function lowerBound(length: number, after: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (after(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
