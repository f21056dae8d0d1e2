import { idKey, type LazyTable } from "../cache/lazy-table.js";
import type { ResolvedConfig } from "../config/config-schema.js";
import { compareText } from "../errors/diagnostic.js";
import type { ArticleEntry } from "./article-entry.js";
import type { PreviewFlags } from "./decide-visibility.js";
import { articleTerms, isInBuild, listsOf } from "./place-article.js";

/** The tables a site model lives in (see `cache/build-state.ts`), read lazily. */
export interface ModelTables {
  /** Article ids by file (relative path). */
  readonly ids: LazyTable<number>;
  /** Article entries by {@link idKey}. */
  readonly articles: LazyTable<ArticleEntry>;
  /** Included article ids, newest first, by list key (`all`, `s:politics`, `t:covid-19`). */
  readonly lists: LazyTable<number[]>;
  /** Related article ids by {@link idKey}. */
  readonly related: LazyTable<number[]>;
  /** Per tag slug, how many included articles spell it each way. */
  readonly spellings: LazyTable<Record<string, number>>;
  /** Article ids by the moment (epoch ms, {@link momentKey}) their publishing state changes. */
  readonly moments: LazyTable<number[]>;
}

/** What a model is computed under: everything besides the articles that decides lists. */
export interface ModelSettings {
  readonly config: ResolvedConfig;
  readonly flags: PreviewFlags;
}

/** A change to one article file: its new entry (without id), or none when it is gone or invalid. */
export interface ArticleInput {
  readonly file: string;
  readonly entry?: Omit<ArticleEntry, "id"> | undefined;
  /** What other pages show of it changed though its entry did not (its hero image's bytes). */
  readonly shownChanged?: boolean | undefined;
}

/** How an article's part in the site changed in one update. */
export interface AffectedArticle {
  readonly id: number;
  /** Its entry when it was in the previous build, and when it is in this one. */
  readonly before?: ArticleEntry | undefined;
  readonly after?: ArticleEntry | undefined;
  /** Its file changed: its own page renders again. */
  readonly content: boolean;
  /** What other pages show of it changed (text, hero, URL, terms, state, or it came or went). */
  readonly listing: boolean;
}

/**
 * How one list changed: the positions `[from, to)` at which it differs from before (past the
 * end of the shorter list when its length changed), and its length before and after.
 */
export interface ListChange {
  readonly from: number;
  readonly to: number;
  readonly before: number;
  readonly after: number;
}

/** Everything an update changed, for planning which outputs to render again. */
export interface ModelUpdate {
  readonly articles: ReadonlyMap<number, AffectedArticle>;
  readonly lists: ReadonlyMap<string, ListChange>;
  /** Articles whose related stories changed. */
  readonly related: ReadonlySet<number>;
  /** Articles that some changed article's related block shows (their cards changed). */
  readonly referrers: ReadonlySet<number>;
  /** Tag slugs whose display name changed. */
  readonly tagNames: ReadonlySet<string>;
}

/** How far down each tag's list (from the article, towards older stories) candidates are read. */
const candidatesPerTag = 40;

/**
 * The site as the build index holds it: every valid article's entry, the ordered lists of the
 * articles in the build (the site's, each section's, tag's and author's), related stories, tag
 * spellings and the moments at which articles are published or expire. Built once from every
 * entry, then kept up to date article by article, so that a build's work grows with the change:
 * an update re-places only the changed articles and the few whose related stories they can
 * change, and reports exactly which lists, positions and related blocks moved.
 *
 * The order of a list is the site's: newest first, equal times by URL.
 */
export class SiteModel {
  readonly #tables: ModelTables;
  readonly #settings: ModelSettings;
  #now: number;
  #nextId: number;
  /** Lists changed since the last {@link flush}, by key (copies: table values are shared). */
  readonly #lists = new Map<string, number[]>();

  constructor(tables: ModelTables, settings: ModelSettings, now: number, nextId: number) {
    this.#tables = tables;
    this.#settings = settings;
    this.#now = now;
    this.#nextId = nextId;
  }

  /** The build time the model is placed at. */
  get now(): number {
    return this.#now;
  }

  /** The next id an added article gets. */
  get nextId(): number {
    return this.#nextId;
  }

  get settings(): ModelSettings {
    return this.#settings;
  }

  /** The entry of an article id, included or not. */
  entry(id: number): ArticleEntry | undefined {
    return this.#tables.articles.get(idKey(id));
  }

  /** Whether an entry is in this build (published, or previewed) with a usable URL. */
  included(entry: ArticleEntry | undefined): entry is ArticleEntry & { url: string } {
    return (
      entry !== undefined &&
      entry.url !== undefined &&
      isInBuild(entry, this.#now, this.#settings.flags)
    );
  }

  /** The ids of a list, newest first (empty when there is no such list). */
  list(key: string): readonly number[] {
    return this.#lists.get(key) ?? this.#tables.lists.get(key) ?? [];
  }

  /** The id of an article file, when the index has it. */
  idOf(file: string): number | undefined {
    return this.#tables.ids.get(file);
  }

  /** The id of an article file, given a new one when the index does not have it yet. */
  assign(file: string): number {
    let id = this.idOf(file);
    if (id === undefined) {
      id = this.#nextId++;
      this.#tables.ids.set(file, id);
    }
    return id;
  }

  /** Puts an entry in the index (or with undefined, takes the file's out), without placing it. */
  put(file: string, entry: Omit<ArticleEntry, "id"> | undefined): void {
    if (!entry) {
      const id = this.idOf(file);
      if (id === undefined) return;
      this.#tables.ids.set(file, undefined);
      this.#tables.articles.set(idKey(id), undefined);
      return;
    }
    const id = this.assign(file);
    this.#tables.articles.set(idKey(id), { ...entry, id });
  }

  /** Every key of a non-empty list, in order. */
  listKeys(): string[] {
    this.flush();
    return [...this.#tables.lists.keys()];
  }

  /** The related article ids of an article. */
  related(id: number): readonly number[] {
    return this.#tables.related.get(idKey(id)) ?? [];
  }

  /** The display name of a tag slug: the spelling most included articles use. */
  tagName(slug: string): string | undefined {
    const counts = this.#tables.spellings.get(slug);
    return counts ? chooseSpelling(counts) : undefined;
  }

  /** Per tag slug with more than one spelling, every spelling and its count. */
  *mergedTags(): Generator<[slug: string, counts: Record<string, number>]> {
    for (const [slug, counts] of this.#tables.spellings.entries())
      if (Object.keys(counts).length > 1) yield [slug, counts];
  }

  /**
   * The next moment after `now` at which an article is published or expires (an embargo lifts),
   * for the schedule CI keeps.
   */
  nextChange(): number | undefined {
    for (const key of this.#tables.moments.keysAfter(momentKey(this.#now))) return keyMoment(key);
    return undefined;
  }

  /** Places the model at another build time without updating lists (before a rebuild). */
  moveTo(now: number): void {
    this.#now = now;
  }

  /** Writes changed lists back to their table (before saving). */
  flush(): void {
    for (const [key, list] of this.#lists)
      this.#tables.lists.set(key, list.length > 0 ? list : undefined);
    this.#lists.clear();
  }

  /**
   * Builds every list, related block and spelling count from all entries: a first build, or one
   * after a change to what placement depends on. Entries must already be in the articles table.
   */
  rebuild(): void {
    const included: (ArticleEntry & { url: string })[] = [];
    const moments = new Map<number, number[]>();
    for (const [, entry] of this.#tables.articles.entries()) {
      if (this.included(entry)) included.push(entry);
      for (const moment of momentsOf(entry)) {
        const ids = moments.get(moment) ?? [];
        ids.push(entry.id);
        moments.set(moment, ids);
      }
    }
    included.sort(compareEntries);
    const lists = new Map<string, number[]>();
    const spellings = new Map<string, Record<string, number>>();
    for (const entry of included) {
      for (const key of listsOf(entry)) {
        const list = lists.get(key);
        if (list) list.push(entry.id);
        else lists.set(key, [entry.id]);
      }
      countSpellings(spellings, entry, 1);
    }
    for (const key of [...this.#tables.lists.keys(), ...this.#lists.keys()])
      if (!lists.has(key)) this.#lists.set(key, []);
    for (const [key, list] of lists) this.#lists.set(key, list);
    for (const key of [...this.#tables.spellings.keys()])
      if (!spellings.has(key)) this.#tables.spellings.set(key, undefined);
    for (const [slug, counts] of spellings) this.#tables.spellings.set(slug, counts);
    for (const key of [...this.#tables.moments.keys()]) this.#tables.moments.set(key, undefined);
    for (const [moment, ids] of moments)
      this.#tables.moments.set(
        momentKey(moment),
        ids.sort((a, b) => a - b),
      );
    const related = new RelatedFinder(this);
    for (const key of [...this.#tables.related.keys()]) this.#tables.related.set(key, undefined);
    for (const entry of included) {
      const ids = related.find(entry);
      if (ids.length > 0) this.#tables.related.set(idKey(entry.id), ids);
    }
  }

  /**
   * Applies changed article files and a new build time, and reports what moved. Articles whose
   * state changes between the previous build time and `now` (an embargo lifting, an expiry) are
   * re-placed as well, with their entries unchanged.
   */
  update(inputs: readonly ArticleInput[], now: number): ModelUpdate {
    const previousNow = this.#now;
    const before = new Map<number, ArticleEntry | undefined>();
    const after = new Map<number, ArticleEntry | undefined>();
    const changedFiles = new Set<number>();
    const shownChanged = new Set<number>();
    // A body-only edit leaves an article where it was: nothing but its entry's body fields moves.
    const bodyOnly = new Map<number, ArticleEntry>();
    for (const input of inputs) {
      const known = this.idOf(input.file);
      if (known === undefined && !input.entry) continue;
      if (known !== undefined && input.entry && !input.shownChanged) {
        const previous = this.entry(known);
        if (previous && samePlace(previous, input.entry, previousNow, now)) {
          bodyOnly.set(known, previous);
          this.#tables.articles.set(idKey(known), { ...input.entry, id: known });
          continue;
        }
      }
      const id = input.entry ? this.assign(input.file) : (known as number);
      if (!input.entry) this.#tables.ids.set(input.file, undefined);
      before.set(id, this.entry(id));
      after.set(id, input.entry ? { ...input.entry, id } : undefined);
      changedFiles.add(id);
      if (input.shownChanged) shownChanged.add(id);
    }
    for (const id of this.#momentsBetween(previousNow, now)) {
      if (before.has(id)) continue;
      const entry = this.entry(id);
      before.set(id, entry);
      after.set(id, entry);
    }

    // What was in the build, and where: read before anything moves.
    const wasIn = new Map<number, ArticleEntry>();
    for (const [id, entry] of before) if (this.included(entry)) wasIn.set(id, entry);
    const neighbours = new Set<number>();
    for (const [id, entry] of wasIn) this.#collectNeighbours(entry, id, neighbours);

    // Out of the lists with the old entries, in with the new ones.
    const listChanges = new ListTracker(this);
    const spellingsBefore = new Map<string, string | undefined>();
    for (const [id, entry] of wasIn) {
      for (const key of listsOf(entry)) listChanges.remove(key, id, entry);
      this.#countSpellings(entry, -1, spellingsBefore);
    }
    this.#now = now;
    for (const [id, entry] of after) {
      const previous = before.get(id);
      if (entry !== previous) {
        for (const moment of previous ? momentsOf(previous) : []) this.#moment(moment, id, false);
        for (const moment of entry ? momentsOf(entry) : []) this.#moment(moment, id, true);
        this.#tables.articles.set(idKey(id), entry);
      }
    }
    const isIn = new Map<number, ArticleEntry & { url: string }>();
    for (const [id, entry] of after) if (this.included(entry)) isIn.set(id, entry);
    for (const [id, entry] of isIn) {
      for (const key of listsOf(entry)) listChanges.insert(key, id, entry);
      this.#countSpellings(entry, 1, spellingsBefore);
    }
    const tagNames = new Set<string>();
    // A tag shown under another spelling now (not one that came or went with its articles).
    for (const [slug, name] of spellingsBefore) {
      const now = this.tagName(slug);
      if (name !== undefined && now !== undefined && now !== name) tagNames.add(slug);
    }

    // Related stories: the changed articles' own, and those of the articles that can read them.
    for (const [id, entry] of isIn) this.#collectNeighbours(entry, id, neighbours);
    for (const id of [...before.keys()]) if (!isIn.has(id)) neighbours.delete(id);
    const finder = new RelatedFinder(this);
    const related = new Set<number>();
    for (const id of new Set([...neighbours, ...isIn.keys()])) {
      const entry = this.entry(id);
      const old = this.related(id);
      const fresh = this.included(entry) ? finder.find(entry) : [];
      if (!sameIds(old, fresh)) {
        related.add(id);
        this.#tables.related.set(idKey(id), fresh.length > 0 ? fresh : undefined);
      }
    }
    for (const id of before.keys()) {
      if (!isIn.has(id) && this.related(id).length > 0)
        this.#tables.related.set(idKey(id), undefined);
    }

    const articles = new Map<number, AffectedArticle>();
    const listingChanged = new Set<number>();
    for (const id of before.keys()) {
      const old = wasIn.get(id);
      const fresh = isIn.get(id);
      if (!old && !fresh) continue;
      const listing =
        shownChanged.has(id) ||
        !old ||
        !fresh ||
        old.listing !== fresh.listing ||
        old.url !== fresh.url ||
        !sameTerms(old, fresh) ||
        stateOf(old, previousNow) !== stateOf(fresh, now) ||
        old.updated !== fresh.updated ||
        old.hero !== fresh.hero;
      if (listing) listingChanged.add(id);
      articles.set(id, { id, before: old, after: fresh, content: changedFiles.has(id), listing });
    }
    for (const [id, previous] of bodyOnly) {
      if (this.included(previous))
        articles.set(id, {
          id,
          before: previous,
          after: this.entry(id),
          content: true,
          listing: false,
        });
    }
    const referrers = new Set<number>();
    for (const id of neighbours) {
      if (articles.has(id) || related.has(id)) continue;
      if (this.related(id).some((r) => listingChanged.has(r))) referrers.add(id);
    }
    return { articles, lists: listChanges.changes(), related, referrers, tagNames };
  }

  /** Ids of articles with a publishing moment in (from, to] or (to, from]. */
  #momentsBetween(from: number, to: number): number[] {
    if (from === to) return [];
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    const ids: number[] = [];
    for (const key of this.#tables.moments.keysAfter(momentKey(low))) {
      if (keyMoment(key) > high) break;
      ids.push(...(this.#tables.moments.get(key) ?? []));
    }
    return ids;
  }

  #moment(moment: number, id: number, add: boolean): void {
    const key = momentKey(moment);
    const ids = [...(this.#tables.moments.get(key) ?? [])].filter((other) => other !== id);
    if (add) ids.push(id);
    ids.sort((a, b) => a - b);
    this.#tables.moments.set(key, ids.length > 0 ? ids : undefined);
  }

  #countSpellings(
    entry: ArticleEntry,
    delta: 1 | -1,
    before: Map<string, string | undefined>,
  ): void {
    const change = new Map<string, Record<string, number>>();
    for (const tag of entry.tags) {
      const slug = articleTerms({ section: "", tags: [tag], authors: [] }).tags[0]?.slice(2);
      if (!slug) continue;
      if (!before.has(slug)) before.set(slug, this.tagName(slug));
      const counts = change.get(slug) ?? { ...(this.#tables.spellings.get(slug) ?? {}) };
      const next = (counts[tag] ?? 0) + delta;
      if (next > 0) counts[tag] = next;
      else delete counts[tag];
      change.set(slug, counts);
    }
    for (const [slug, counts] of change)
      this.#tables.spellings.set(slug, Object.keys(counts).length > 0 ? counts : undefined);
  }

  /**
   * Articles whose related stories can change when `entry` (at its place in the lists) comes,
   * goes or changes: those up to {@link candidatesPerTag} places newer in each of its tag lists,
   * and up to twice the related count newer in its section.
   */
  #collectNeighbours(entry: ArticleEntry, id: number, into: Set<number>): void {
    const count = this.#settings.config.related.count;
    if (count === 0) return;
    const terms = articleTerms(entry);
    const take = (key: string, window: number) => {
      const list = this.list(key);
      const at = findIndex(list, id, entry, this);
      for (let i = Math.max(0, at - window); i < at; i++) into.add(list[i] as number);
    };
    for (const key of terms.tags) take(key, candidatesPerTag);
    take(terms.section, 2 * count);
  }

  /** A list the model may change in place: a copy, the first time, of the table's. */
  mutableList(key: string): number[] {
    let list = this.#lists.get(key);
    if (!list) {
      list = [...(this.#tables.lists.get(key) ?? [])];
      this.#lists.set(key, list);
    }
    return list;
  }
}

/** Newest first; equal times by URL, so the order never depends on file system order. */
function compareEntries(
  a: Pick<ArticleEntry, "date" | "url">,
  b: Pick<ArticleEntry, "date" | "url">,
): number {
  return b.date - a.date || compareText(a.url ?? "", b.url ?? "");
}

/** Where `id` stands in a list ordered by {@link compareEntries}, or -1 (binary search). */
export function findIndex(
  list: readonly number[],
  id: number,
  entry: ArticleEntry,
  model: Pick<SiteModel, "entry">,
): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEntries(model.entry(list[mid] as number) as ArticleEntry, entry) < 0) low = mid + 1;
    else high = mid;
  }
  // Equal keys (two articles claiming one URL at one time, an error reported elsewhere) are
  // searched one by one.
  for (let i = low; i < list.length; i++) {
    if (list[i] === id) return i;
    if (compareEntries(model.entry(list[i] as number) as ArticleEntry, entry) !== 0) break;
  }
  return -1;
}

/** Where an entry would be inserted in an ordered list (binary search). */
function insertionIndex(list: readonly number[], entry: ArticleEntry, model: SiteModel): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEntries(model.entry(list[mid] as number) as ArticleEntry, entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Removes and inserts ids in the model's lists, keeping each touched list as it was, so that
 * what changed is the positions that really differ: an article edited in place is taken out and
 * put back where it was, and its list has not changed at all.
 */
class ListTracker {
  readonly #model: SiteModel;
  readonly #originals = new Map<string, readonly number[]>();

  constructor(model: SiteModel) {
    this.#model = model;
  }

  remove(key: string, id: number, entry: ArticleEntry): void {
    const list = this.#touch(key);
    const at = findIndex(list, id, entry, this.#model);
    if (at === -1) throw new Error(`site index: article ${id} is missing from list ${key}`);
    list.splice(at, 1);
  }

  insert(key: string, id: number, entry: ArticleEntry): void {
    const list = this.#touch(key);
    list.splice(insertionIndex(list, entry, this.#model), 0, id);
  }

  #touch(key: string): number[] {
    if (!this.#originals.has(key)) this.#originals.set(key, [...this.#model.list(key)]);
    return this.#model.mutableList(key);
  }

  changes(): Map<string, ListChange> {
    const result = new Map<string, ListChange>();
    for (const [key, original] of this.#originals) {
      const list = this.#model.list(key);
      let from = 0;
      const shorter = Math.min(original.length, list.length);
      while (from < shorter && original[from] === list[from]) from++;
      if (from === shorter && original.length === list.length) continue;
      let to = Math.max(original.length, list.length);
      if (original.length === list.length)
        while (to > from && original[to - 1] === list[to - 1]) to--;
      result.set(key, { from, to, before: original.length, after: list.length });
    }
    return result;
  }
}

/**
 * Related stories (see {@link RelatedFinder.find}). Only earlier stories are candidates, so
 * publishing a new story never changes an archived page, and candidates come from a bounded
 * window per tag, so finding them costs the same however large the archive.
 */
class RelatedFinder {
  readonly #model: SiteModel;
  readonly #count: number;

  constructor(model: SiteModel) {
    this.#model = model;
    this.#count = model.settings.config.related.count;
  }

  /**
   * Earlier articles that share the most tags with `entry`, then articles of its section; among
   * equals the newest first; never the article itself.
   */
  find(entry: ArticleEntry): number[] {
    const count = this.#count;
    if (count === 0) return [];
    const model = this.#model;
    const terms = articleTerms(entry);
    const shared = new Map<number, number>();
    for (const key of terms.tags) {
      const list = model.list(key);
      const start = findIndex(list, entry.id, entry, model) + 1;
      if (start === 0) continue;
      for (let i = start; i < Math.min(list.length, start + candidatesPerTag); i++) {
        const candidate = list[i] as number;
        shared.set(candidate, (shared.get(candidate) ?? 0) + 1);
      }
    }
    // Each candidate's entry is looked up once, not at every comparison.
    const ranked = [...shared]
      .map(([candidate, tags]) => ({
        candidate,
        tags,
        entry: model.entry(candidate) as ArticleEntry,
      }))
      .sort((a, b) => b.tags - a.tags || compareEntries(a.entry, b.entry))
      .map(({ candidate }) => candidate)
      .slice(0, count);
    if (ranked.length < count) {
      const list = model.list(terms.section);
      const start = findIndex(list, entry.id, entry, model) + 1;
      for (let i = start; start > 0 && i < list.length && ranked.length < count; i++) {
        const candidate = list[i] as number;
        if (!ranked.includes(candidate)) ranked.push(candidate);
      }
    }
    return ranked;
  }
}

/** The spelling of a tag most articles use; ties go to the first in code-point order. */
export function chooseSpelling(counts: Readonly<Record<string, number>>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [spelling, count] of Object.entries(counts)) {
    if (count > bestCount || (count === bestCount && best !== undefined && spelling < best)) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}

function countSpellings(
  spellings: Map<string, Record<string, number>>,
  entry: ArticleEntry,
  delta: number,
): void {
  for (const tag of entry.tags) {
    const slug = articleTerms({ section: "", tags: [tag], authors: [] }).tags[0]?.slice(2);
    if (!slug) continue;
    const counts = spellings.get(slug) ?? {};
    counts[tag] = (counts[tag] ?? 0) + delta;
    spellings.set(slug, counts);
  }
}

/** The moments at which an article's publishing state changes by itself (drafts never do). */
function momentsOf(entry: ArticleEntry): number[] {
  if (entry.draft) return [];
  return entry.expires === undefined ? [entry.date] : [entry.date, entry.expires];
}

/** A moment as a table key: fixed-width base 36, so key order is time order. */
function momentKey(moment: number): string {
  return Math.round(moment + 62135596800000)
    .toString(36)
    .padStart(10, "0");
}

function keyMoment(key: string): number {
  return Number.parseInt(key, 36) - 62135596800000;
}

/**
 * Whether a new entry of an article leaves everything but its own page as it was: every fact
 * but the identity of its bytes and of its body is the same (so its lists, place, related
 * stories, tag spellings, moments and listing digest are), and the clock's move from `before` to
 * `now` crosses none of its moments (so it is in the build or out of it as it was).
 */
function samePlace(
  previous: ArticleEntry,
  next: Omit<ArticleEntry, "id">,
  before: number,
  now: number,
): boolean {
  const low = Math.min(before, now);
  const high = Math.max(before, now);
  if (momentsOf(previous).some((moment) => low < moment && moment <= high)) return false;
  const { id: _id, contentId: _a, bodyKey: _b, ...facts } = previous;
  const { contentId: _c, bodyKey: _d, ...nextFacts } = next;
  return stableJson(facts) === stableJson(nextFacts);
}

/** JSON of an entry's facts with keys in one order and undefined fields left out. */
function stableJson(facts: object): string {
  const entries = Object.entries(facts)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function stateOf(entry: ArticleEntry, now: number): string {
  return entry.draft ? "draft" : entry.date > now ? "scheduled" : "published";
}

function sameTerms(a: ArticleEntry, b: ArticleEntry): boolean {
  return (
    a.section === b.section &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag === b.tags[i]) &&
    a.authors.length === b.authors.length &&
    a.authors.every((author, i) => author === b.authors[i])
  );
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
