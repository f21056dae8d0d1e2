import type { OutputRecord } from "../cache/build-state.js";
import type { LazyTable } from "../cache/lazy-table.js";
import { bucketOf, bucketsMovedByClock, isIndexed } from "../search/plan-buckets.js";
import {
  allSearchSubjects,
  searchBucketSubject,
  searchListSubject,
  searchPageSubject,
} from "../search/search-outputs.js";
import { urlToOutputPath } from "../site/check-url-path.js";
import { hasOwnFeed } from "../site/feed-links.js";
import { listsOf } from "../site/place-article.js";
import { findIndex, type ModelUpdate } from "../site/site-model.js";
import type { SiteView } from "../site/site-view.js";
import type { CardUsers } from "./plan-cards.js";
import { decodeSubject, encodeSubject, type Subject } from "./subject.js";

/** What a build renders and what it removes. */
export interface OutputPlan {
  /** Subjects to render, by their encoded form. */
  readonly render: ReadonlyMap<string, Subject>;
  /** Output paths that are no longer produced (removed unless something renders them again). */
  readonly stale: ReadonlySet<string>;
}

/** What changed besides the articles, as the build found it. */
export interface SiteChanges {
  /** The model's changes. */
  readonly update: ModelUpdate;
  /** The previous build time. */
  readonly previousNow: number;
  /** Template names whose file changed (`partials/card.eta`). */
  readonly templates: ReadonlySet<string>;
  /** Static pages changed or added (by file), and the URLs of those gone. */
  readonly pages: {
    readonly changed: ReadonlySet<string>;
    readonly removedUrls: readonly string[];
  };
  /** Author slugs whose bio changed, came or went. */
  readonly bios: ReadonlySet<string>;
  /** Files under `public/` changed or added, and those gone (relative to `public/`). */
  readonly publicFiles: {
    readonly changed: readonly string[];
    readonly removed: readonly string[];
  };
  /** Whether `public/robots.txt` exists now. */
  readonly hasRobots: boolean;
  /** Redirects whose target changed, came or went: old URL to new target (undefined: gone). */
  readonly aliases: ReadonlyMap<string, string | undefined>;
  /** Image sources to publish (newly shown, or changed). */
  readonly images: ReadonlySet<string>;
  /** Image sources no page shows any more. */
  readonly droppedImages: ReadonlySet<string>;
  /** Sources showing a related card of a story that changed (see `plan-cards.ts`). */
  readonly cards: CardUsers;
}

/** Every subject of the site, for a first build or one after a change every page shows. */
export function planEverything(
  view: SiteView,
  sources: {
    readonly hasRobots: boolean;
    /** Image sources shown by pages in the build. */
    readonly images: Iterable<string>;
    /** Paths under `public/`. */
    readonly publicFiles: readonly string[];
    /** Old URLs of redirects. */
    readonly aliases: Iterable<string>;
  },
): Map<string, Subject> {
  const { hasRobots, images: imageFiles, publicFiles, aliases } = sources;
  const render = new Map<string, Subject>();
  const add = (subject: Subject) => render.set(encodeSubject(subject), subject);
  const model = view.model;
  add({ kind: "home" });
  for (const id of model.list("all")) add({ kind: "article", id });
  for (const key of termKeys(view)) {
    const pages = pageCount(model.list(key).length, view.config.pagination.perPage);
    for (let page = 1; page <= pages; page++) add({ kind: "listing", list: key, page });
  }
  for (const page of view.pages) add({ kind: "page", file: page.file });
  add({ kind: "notFound" });
  for (const from of aliases) add({ kind: "alias", from });
  add({ kind: "redirects" });
  add({ kind: "siteFeeds" });
  for (const key of termKeys(view))
    if (!key.startsWith("a:") && hasOwnFeed(view, key)) add({ kind: "termFeed", list: key });
  add({ kind: "sitemap" });
  add({ kind: "newsSitemap" });
  if (!hasRobots) add({ kind: "robots" });
  add({ kind: "assets" });
  for (const file of imageFiles) add({ kind: "image", file });
  // public/_headers is merged into the generated _headers (outputs/headers.ts), not copied.
  for (const file of publicFiles) if (file !== "_headers") add({ kind: "public", file });
  for (const subject of allSearchSubjects(view)) add(subject);
  return render;
}

/** The list keys that have pages: every section (even empty ones), then tags, then authors. */
function termKeys(view: SiteView): string[] {
  const keys = view.sectionIds().map((id) => `s:${id}`);
  for (const key of view.model.listKeys()) if (key.startsWith("t:")) keys.push(key);
  for (const key of view.model.listKeys()) if (key.startsWith("a:")) keys.push(key);
  return keys;
}

/** How many pages a listing of `count` items has: at least one. */
function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / perPage));
}

/**
 * The subjects a change affects, from what the model reports: an article's own page when its
 * file changed; the listing pages, home page, feeds and related blocks that show it when what
 * they show of it changed; every later page of a list an article joined, left or moved in;
 * pages that used a changed template; and the site-wide files (sitemaps, redirects) when what
 * they list changed. Paths no longer produced are stale.
 */
export function planChanges(
  view: SiteView,
  changes: SiteChanges,
  outputs: LazyTable<OutputRecord>,
  templateSets: LazyTable<string[]>,
): OutputPlan {
  const render = new Map<string, Subject>();
  const stale = new Set<string>();
  const add = (subject: Subject) => render.set(encodeSubject(subject), subject);
  const model = view.model;
  const { config } = view;
  const perPage = config.pagination.perPage;
  const update = changes.update;

  // Articles: their own pages, and where they were.
  const listingChanged: number[] = [];
  let sitemap = false;
  let newsSitemap = changes.previousNow !== view.now;
  const newsSince = view.now - 48 * 60 * 60 * 1000;
  for (const change of update.articles.values()) {
    const { before, after } = change;
    if (after) add({ kind: "article", id: change.id });
    if (before?.url && (!after || before.url !== after.url)) stale.add(urlToOutputPath(before.url));
    if (change.listing) listingChanged.push(change.id);
    if (
      !before ||
      !after ||
      before.url !== after.url ||
      (before.updated ?? before.date) !== (after.updated ?? after.date) ||
      before.canonical !== after.canonical ||
      published(before, changes.previousNow) !== published(after, view.now)
    )
      sitemap = true;
    for (const entry of [before, after])
      if (entry && entry.date >= Math.min(newsSince, changes.previousNow - 48 * 60 * 60 * 1000))
        newsSitemap = true;
  }
  for (const id of [...update.related, ...update.referrers, ...changes.cards.articles])
    if (model.included(model.entry(id))) add({ kind: "article", id });

  // Lists: pages whose items moved, and the pages of articles whose cards changed.
  const touched = new Set<string>();
  for (const [key, change] of update.lists) {
    touched.add(key);
    if (key === "all") continue;
    const before = pageCount(change.before, perPage);
    const after = pageCount(change.after, perPage);
    const exists = listHasPages(view, key);
    const first =
      change.before !== change.after || (key.startsWith("a:") && change.from === 0)
        ? 1
        : Math.floor(change.from / perPage) + 1;
    const last = change.before !== change.after ? after : Math.ceil(change.to / perPage);
    if (exists)
      for (let page = first; page <= Math.min(last, after); page++)
        add({ kind: "listing", list: key, page });
    const kept = exists ? after : 0;
    for (let page = kept + 1; page <= before; page++) stale.add(listingPath(view, key, page));
    if (before !== after || change.from === 0) sitemap = true;
  }
  for (const id of listingChanged) {
    const entry = model.entry(id);
    if (!model.included(entry)) continue;
    for (const key of listsOf(entry)) {
      if (key === "all") continue;
      const at = findIndex(model.list(key), id, entry, model);
      if (at !== -1) add({ kind: "listing", list: key, page: Math.floor(at / perPage) + 1 });
    }
  }
  for (const slug of new Set([...changes.bios, ...changes.cards.bios])) {
    const key = `a:${slug}`;
    const pages = pageCount(model.list(key).length, perPage);
    if (listHasPages(view, key))
      for (let page = 1; page <= pages; page++) add({ kind: "listing", list: key, page });
  }

  // The home page, the 404 page and the feeds show the heads of lists.
  const changedIds = new Set(listingChanged);
  const contentChanged = new Set(
    [...update.articles.values()].filter((c) => c.content || c.listing).map((c) => c.id),
  );
  // A full-text feed carries the related cards in the bodies it holds.
  for (const id of changes.cards.articles) contentChanged.add(id);
  // A list's head: its first `length` places (an empty list's change is at its head too).
  const headChanged = (key: string, length: number, ids: ReadonlySet<number>) =>
    (update.lists.get(key)?.from ?? Number.POSITIVE_INFINITY) < Math.max(1, length) ||
    model
      .list(key)
      .slice(0, length)
      .some((id) => ids.has(id));
  const { latest, perSection } = config.home;
  if (
    headChanged("all", latest + 1, changedIds) ||
    view.sectionIds().some((id) => headChanged(`s:${id}`, perSection, changedIds))
  )
    add({ kind: "home" });
  if (headChanged("all", 5, changedIds)) add({ kind: "notFound" });
  const feedReach = (key: string) => feedSpan(view, key);
  // A feed lists the first `feeds.items` published articles: it changed when its list changed
  // before it had found them all, or when an article it lists changed.
  const feedChanged = (key: string, ids: ReadonlySet<number>) => {
    const change = update.lists.get(key);
    if (change && publishedBefore(view, key, change.from) < config.feeds.items) return true;
    return model
      .list(key)
      .slice(0, feedReach(key))
      .some((id) => ids.has(id));
  };
  const fullText = config.feeds.content === "full";
  if (
    feedChanged("all", fullText ? contentChanged : changedIds) ||
    (changes.previousNow !== view.now && feedReach("all") === 0)
  )
    add({ kind: "siteFeeds" });
  const feedLists = new Set(touched);
  for (const change of update.articles.values())
    for (const entry of [change.before, change.after])
      if (entry) for (const key of listsOf(entry)) feedLists.add(key);
  for (const key of feedLists) {
    if (!key.startsWith("s:") && !key.startsWith("t:")) continue;
    if (!hasOwnFeed(view, key) || !listHasPages(view, key)) stale.add(termFeedPath(view, key));
    else if (feedChanged(key, changedIds)) add({ kind: "termFeed", list: key });
  }
  if (changes.previousNow !== view.now) {
    // A feed without items is dated with the build time.
    for (const key of view.sectionIds().map((id) => `s:${id}`))
      if (feedReach(key) === 0) add({ kind: "termFeed", list: key });
  }

  // Static pages and redirects.
  for (const file of changes.pages.changed) add({ kind: "page", file });
  for (const file of changes.cards.pages)
    if (view.pages.some((page) => page.file === file)) add({ kind: "page", file });
  for (const url of changes.pages.removedUrls) stale.add(urlToOutputPath(url));
  if (changes.pages.changed.size > 0 || changes.pages.removedUrls.length > 0) sitemap = true;
  for (const [from, to] of changes.aliases) {
    if (to === undefined) stale.add(aliasPath(from));
    else add({ kind: "alias", from });
  }
  if (changes.aliases.size > 0) add({ kind: "redirects" });

  // Images, public files, robots.txt.
  for (const file of changes.images) add({ kind: "image", file });
  if (changes.droppedImages.size > 0) {
    const dropped = new Set(
      [...changes.droppedImages].map((file) => encodeSubject({ kind: "image", file })),
    );
    for (const outputPath of outputs.keysAfter("images")) {
      if (!outputPath.startsWith("images/")) break;
      if (dropped.has(outputs.get(outputPath)?.subject ?? "")) stale.add(outputPath);
    }
  }
  for (const file of changes.publicFiles.changed)
    if (file !== "_headers") add({ kind: "public", file });
  for (const file of changes.publicFiles.removed) stale.add(file);
  if (!changes.hasRobots && changes.publicFiles.removed.includes("robots.txt"))
    add({ kind: "robots" });
  if (changes.hasRobots && changes.publicFiles.changed.includes("robots.txt"))
    render.delete("robots");

  // Pages that used a changed template.
  if (changes.templates.size > 0) {
    const sets = new Set<number>();
    for (const [key, names] of templateSets.entries())
      if (names.some((name) => changes.templates.has(name))) sets.add(Number.parseInt(key, 36));
    if (sets.size > 0) {
      for (const line of outputs.lines()) {
        const fields = line.split("\t");
        if (!sets.has(Number(fields[3]))) continue;
        const subject = decodeSubject(fields.slice(4).join("\t"));
        if (subject && stillExists(view, subject)) add(subject);
      }
    }
  }

  if (sitemap) add({ kind: "sitemap" });
  if (newsSitemap) add({ kind: "newsSitemap" });
  for (const subject of searchChanges(view, changes)) add(subject);
  return { render, stale };
}

/**
 * The search subjects a change reaches: the buckets of the articles that changed (where they
 * were and are), those whose articles the clock moved from a day's bucket to a month's, the
 * pages' bucket when static pages changed, the search page (its filters list the terms) when any
 * article changed, and the bucket list when a bucket did.
 */
function searchChanges(view: SiteView, changes: SiteChanges): Subject[] {
  if (!view.config.search.enabled) return [];
  const timeZone = view.config.site.timezone;
  const { previousNow } = changes;
  const buckets = new Set<string>(bucketsMovedByClock(view, previousNow));
  for (const change of changes.update.articles.values()) {
    if (!change.content && !change.listing) continue;
    if (change.before && isIndexed(change.before, previousNow))
      buckets.add(bucketOf(change.before.date, previousNow, timeZone));
    if (change.after && isIndexed(change.after, view.now))
      buckets.add(bucketOf(change.after.date, view.now, timeZone));
  }
  if (changes.pages.changed.size > 0 || changes.pages.removedUrls.length > 0) buckets.add("");
  const subjects = [...buckets].sort().map(searchBucketSubject);
  if (changes.update.articles.size > 0) subjects.push(searchPageSubject);
  if (buckets.size > 0) subjects.push(searchListSubject);
  return subjects;
}

/** Whether an article is published (not just previewed) at `now`. */
function published(entry: { draft: boolean; date: number }, now: number): boolean {
  return !entry.draft && entry.date <= now;
}

/** Whether a list has listing pages: every configured section does, other terms while not empty. */
function listHasPages(view: SiteView, key: string): boolean {
  if (key.startsWith("s:") && view.sectionIds().includes(key.slice(2))) return true;
  return view.model.list(key).length > 0;
}

/** How many published articles a list has before position `end`. */
function publishedBefore(view: SiteView, key: string, end: number): number {
  let count = 0;
  const list = view.model.list(key);
  for (let i = 0; i < Math.min(end, list.length); i++) {
    const entry = view.model.entry(list[i] as number);
    if (entry && !entry.draft && entry.date <= view.now) count++;
  }
  return count;
}

/** How far into a list its feed reaches: the position after its last item (0 when empty). */
function feedSpan(view: SiteView, key: string): number {
  const max = view.config.feeds.items;
  let items = 0;
  const list = view.model.list(key);
  for (let i = 0; i < list.length; i++) {
    const entry = view.model.entry(list[i] as number);
    if (entry && !entry.draft && entry.date <= view.now && ++items >= max) return i + 1;
  }
  return list.length;
}

/** Whether a subject from an earlier build still has something to render. */
function stillExists(view: SiteView, subject: Subject): boolean {
  const model = view.model;
  switch (subject.kind) {
    case "article":
      return model.included(model.entry(subject.id));
    case "listing":
      return (
        listHasPages(view, subject.list) &&
        subject.page <= pageCount(model.list(subject.list).length, view.config.pagination.perPage)
      );
    case "page":
      return view.pages.some((page) => page.file === subject.file);
    default:
      return true;
  }
}

/** The output path of a listing page. */
export function listingPath(view: SiteView, key: string, page: number): string {
  const url = view.term(key).url;
  const folder = url.endsWith("/") ? url : `${url}/`;
  return urlToOutputPath(page === 1 ? url : `${folder}page/${page}/`);
}

/** The output path of a term's feed. */
function termFeedPath(view: SiteView, key: string): string {
  const url = view.term(key).url;
  return `${(url.endsWith("/") ? url : `${url}/`).slice(1)}feed.xml`;
}

/** The output path of an alias's redirect page. */
export function aliasPath(from: string): string {
  return urlToOutputPath(from.endsWith("/") || from.endsWith(".html") ? from : `${from}/`);
}
