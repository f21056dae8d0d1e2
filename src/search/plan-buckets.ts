import type { SiteView } from "../site/site-view.js";
import { formatIsoInZone, zonedParts } from "../site/time.js";

/**
 * The search index is one Pagefind bundle per bucket: articles by the day of their publication
 * date (`2026-11-27`) for the last {@link recentDays} days and by the month (`2026-11`) before
 * them, in the site's timezone, and static pages in a bucket of their own (`""`, the primary
 * bundle, which also carries Pagefind's browser code). Pagefind indexes a bucket whole, so an edit
 * costs the re-index of the bucket it touches (two when a story's date moves it): a newsroom edits
 * the stories of the last days most (corrections, updates to a running story), and those sit in
 * a day's bucket of a few dozen stories instead of a month's of a thousand. The days are reckoned
 * from the build's clock: once a day, the first build after midnight moves the oldest day's
 * stories into their month's bucket. The browser merges every bucket and orders newest-first
 * results by bucket, then by date within one.
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

/** How many calendar days, the build's own included, have a bucket each. */
const recentDays = 3;

/**
 * How stories are spread over buckets, for the key of what every page shows (see
 * `plan/global-key.ts`): a build cache made with other buckets has no record of which stories
 * each of its buckets holds, so a change of the layout indexes every bucket again.
 */
export const bucketLayout = `recent-days:${recentDays}`;

/**
 * The bucket of an article published at `date` in a build at `now`: its day when that is one of
 * the last {@link recentDays} days of `now` in the site's timezone, otherwise its month.
 */
export function bucketOf(date: number, now: number, timeZone: string): string {
  const iso = formatIsoInZone(date, timeZone);
  const day = iso.slice(0, 10);
  return day >= firstRecentDay(now, timeZone) ? day : iso.slice(0, 7);
}

let lastRecent: { now: number; timeZone: string; day: string } | undefined;

/** The first of the recent days at `now` (`2026-11-26`), in the site's timezone. */
export function firstRecentDay(now: number, timeZone: string): string {
  if (lastRecent?.now === now && lastRecent.timeZone === timeZone) return lastRecent.day;
  const today = zonedParts(now, timeZone);
  const first = new Date(Date.UTC(today.year, today.month - 1, today.day - (recentDays - 1)));
  const day = first.toISOString().slice(0, 10);
  lastRecent = { now, timeZone, day };
  return day;
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
 * Pagefind's code from it), then the days and months that have an indexed article, newest first.
 */
export function bucketNames(view: SiteView): string[] {
  const names = [""];
  const timeZone = view.config.site.timezone;
  for (const id of view.model.list("all")) {
    const entry = view.model.entry(id);
    if (!entry || !isIndexed(entry, view.now)) continue;
    const name = bucketOf(entry.date, view.now, timeZone);
    if (names[names.length - 1] !== name) names.push(name);
  }
  return names;
}

/**
 * The indexed articles of a day's or a month's bucket, newest first: a range of the site's list
 * (newest first), found by binary search on the bucket's calendar span widened by two days (no
 * timezone is that far from UTC), then narrowed to the articles {@link bucketOf} gives it.
 */
export function bucketArticleIds(view: SiteView, name: string): number[] {
  const timeZone = view.config.site.timezone;
  const [year, month, day] = name.split("-").map(Number) as [number, number, number?];
  const start = Date.UTC(year, month - 1, day ?? 1) - 2 * dayMs;
  const end =
    (day === undefined ? Date.UTC(year, month, 1) : Date.UTC(year, month - 1, day + 1)) + 2 * dayMs;
  const ids: number[] = [];
  for (const id of listBetween(view, start, end)) {
    const entry = view.model.entry(id);
    if (entry && isIndexed(entry, view.now) && bucketOf(entry.date, view.now, timeZone) === name)
      ids.push(id);
  }
  return ids;
}

/**
 * The buckets whose articles change when the clock moves from `previousNow` to the view's: the
 * day and month buckets of the articles published between the two builds' first recent days.
 * None while the recent days are the same. (Articles the clock publishes or takes down are the
 * model's changes, and reach their buckets as such.)
 */
export function bucketsMovedByClock(view: SiteView, previousNow: number): string[] {
  const timeZone = view.config.site.timezone;
  const before = firstRecentDay(previousNow, timeZone);
  const after = firstRecentDay(view.now, timeZone);
  if (before === after) return [];
  const [from, to] = before < after ? [before, after] : [after, before];
  const names = new Set<string>();
  for (const id of listBetween(view, Date.parse(from) - 2 * dayMs, Date.parse(to) + 2 * dayMs)) {
    const entry = view.model.entry(id);
    if (!entry || !isIndexed(entry, view.now)) continue;
    const was = bucketOf(entry.date, previousNow, timeZone);
    const is = bucketOf(entry.date, view.now, timeZone);
    if (was !== is) names.add(was).add(is);
  }
  return [...names].sort();
}

const dayMs = 24 * 60 * 60 * 1000;

/** The ids of the site's list (newest first) dated in [start, end). */
function listBetween(view: SiteView, start: number, end: number): number[] {
  const list = view.model.list("all");
  const dateAt = (i: number) => view.model.entry(list[i] as number)?.date ?? 0;
  // First place dated before `end`, then first place dated before `start` (the list is newest first).
  const first = lowerBound(list.length, (i) => dateAt(i) < end);
  const last = lowerBound(list.length, (i) => dateAt(i) < start);
  return list.slice(first, last) as number[];
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
