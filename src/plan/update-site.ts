import { setImmediate } from "node:timers/promises";
import type { BuildState } from "../cache/build-state.js";
import { hashKey } from "../cache/hash.js";
import type { ResolvedConfig } from "../config/config-schema.js";
import type { SourceLoader, SourceToLoad } from "../content/load-sources.js";
import { compareText, createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { BodySourceRef } from "../markdown/render-bodies.js";
import { type ArticleEntry, entryFacts } from "../site/article-entry.js";
import { checkUrlPath } from "../site/check-url-path.js";
import type { PreviewFlags } from "../site/decide-visibility.js";
import { expandPermalink } from "../site/expand-permalink.js";
import type { Article, AuthorBio, StaticPage, TermRef } from "../site/model.js";
import { positionOf } from "../site/model.js";
import {
  articleUrl,
  isInBuild,
  type PlacementContext,
  partialHint,
  placeArticle,
} from "../site/place-article.js";
import { type ArticleInput, type ModelUpdate, SiteModel } from "../site/site-model.js";
import { type PlacedBio, type PlacedPage, SiteView } from "../site/site-view.js";
import type { ContentScan } from "./find-changes.js";
import { type ScannedFile, takeBytes } from "./scan-sources.js";
import type { BodyUser } from "./track-bodies.js";

/** What the site looks like after this build's changes, and what moved. */
export interface SiteUpdate {
  readonly view: SiteView;
  readonly update: ModelUpdate;
  /** The model was built again from every entry (first build, or placement rules changed). */
  readonly rebuilt: boolean;
  /** Redirects whose target changed, came or went: old URL to new target. */
  readonly aliases: ReadonlyMap<string, string | undefined>;
  readonly pages: {
    readonly changed: ReadonlySet<string>;
    readonly removedUrls: readonly string[];
  };
  readonly bios: ReadonlySet<string>;
  /** Problems found in the sources loaded now and in placing changed articles. */
  readonly diagnostics: readonly Diagnostic[];
  /** Bodies the Markdown phase must render: sources in the build whose body is not rendered yet. */
  readonly bodies: readonly (BodySourceRef & { readonly key: string })[];
  /** Sources whose body or images changed, came or went (every source, when rebuilt). */
  readonly users: readonly BodyUser[];
  /** Body keys no source uses any more (their files changed or went). */
  readonly removedBodies: readonly string[];
}

/** What updating the site needs. */
export interface UpdateInput {
  readonly root: string;
  readonly state: BuildState;
  readonly loader: SourceLoader;
  readonly scan: ContentScan;
  /** Content files to validate again although their bytes did not change (a changed image). */
  readonly recheck: ReadonlySet<string>;
  /** Image files whose bytes changed or that are gone (absolute paths). */
  readonly changedImages: ReadonlySet<string>;
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly flags: PreviewFlags;
  readonly baseUrl: string;
  readonly disclaimerPartials: ReadonlySet<string>;
  /** Start from nothing: every file is loaded and the model built from all entries. */
  readonly fresh: boolean;
  /** Placement rules changed since the state's build: every article is placed again. */
  readonly replace: boolean;
  /** The key of a body (see `markdown/render-bodies.ts`). */
  readonly bodyKey: (source: BodySourceRef) => string;
  /** The record of an article entry, for pages that show it. */
  readonly record: (entry: ArticleEntry) => Article;
  /** Called after each file loaded: a large build lets go of what it loaded every so often. */
  readonly tick?: (() => void) | undefined;
  /**
   * Given, in a build that places every article, the body of each article in the build as it
   * is loaded, so that it may render while the rest loads. Every body to render is in
   * {@link SiteUpdate.bodies} all the same.
   */
  readonly body?: ((source: BodySourceRef) => void) | undefined;
}

/** Files loaded between two turns of the event loop, when bodies render while loading. */
const yieldEvery = 16;

/**
 * Loads the changed content files, applies them (and the new build time) to the site model, and
 * keeps the state's derived tables (redirects, static pages, author bios) in step. Only changed
 * files are read; the model is rebuilt from every entry on a first build or when placement rules
 * changed.
 */
export async function updateSite(input: UpdateInput): Promise<SiteUpdate> {
  const { state, loader, scan, config, now, flags } = input;
  const tables = state.tables;
  const diagnostics: Diagnostic[] = [];
  const previousNow = state.meta?.now ?? now;
  const model = new SiteModel(tables, { config, flags }, previousNow, state.meta?.nextId ?? 1);

  // Articles whose file changed, came or went. A build that places every article puts each
  // entry in the model as it comes, so that a first build of an archive does not hold every
  // entry until the last file is loaded (the state lets them go every so many files).
  const placeAll = input.fresh || input.replace;
  const inputs: ArticleInput[] = [];
  const removedBodies: string[] = [];
  const take = (change: ArticleInput) => {
    const id = model.idOf(change.file);
    const old = id === undefined ? undefined : model.entry(id);
    if (old && old.bodyKey !== change.entry?.bodyKey) removedBodies.push(old.bodyKey);
    if (placeAll) model.put(change.file, change.entry);
    else inputs.push(change);
  };
  // Bodies are given while loading only when every article is placed (a first build).
  const giveBody = placeAll ? input.body : undefined;
  let loaded = 0;
  for (const file of scan.articles.files) {
    if (!input.fresh && !file.changed && !input.recheck.has(file.file)) continue;
    const previous = tables.files.get(file.file)?.id;
    const record = await loader.load<Article>("article", toLoad(file, input.recheck), previous);
    diagnostics.push(...record.diagnostics);
    input.tick?.();
    const entry = record.value && toEntry(record.value, file.id, config, input.bodyKey);
    // A hero whose bytes changed is shown under new names by cards, feeds and the home page.
    const shownChanged = entry?.hero !== undefined && input.changedImages.has(entry.hero);
    take({ file: file.file, entry, shownChanged });
    // In the build at this build's time, as the model decides once every article is in it.
    if (giveBody && record.value && entry?.url !== undefined && isInBuild(entry, now, flags))
      giveBody(record.value);
    // Loading alone never yields (its reads are synchronous): every so many files it lets the
    // threads rendering the bodies given so far be started, fed and heard.
    if (giveBody && ++loaded % yieldEvery === 0) await setImmediate();
    if (record.value) {
      const url = articleUrl(record.value, config);
      if ("unsafe" in url)
        diagnostics.push(
          createDiagnostic("PathUnsafe", url.unsafe, {
            file: file.file,
            ...(positionOf(record.value.positions, "slug") ?? { line: 1, column: 1 }),
            field: "slug",
            phase: "assemble",
            hint: "use lowercase words and hyphens, e.g. /old/story-slug/",
          }),
        );
    }
  }
  for (const file of scan.articles.removed) {
    loader.forget(file);
    take({ file });
  }

  let update: ModelUpdate;
  let rebuilt = false;
  if (placeAll) {
    if (input.replace) {
      for (const [key, entry] of [...tables.articles.entries()]) {
        const url = articleUrl(entry, config);
        tables.articles.set(key, { ...entry, url: "url" in url ? url.url : undefined });
      }
    }
    model.moveTo(now);
    model.rebuild();
    update = {
      articles: new Map(),
      lists: new Map(),
      related: new Set(),
      referrers: new Set(),
      tagNames: new Set(),
    };
    rebuilt = true;
  } else {
    update = model.update(inputs, now);
  }

  // Static pages and author bios: few, loaded whole from the records (read only when changed).
  const users: BodyUser[] = [];
  const pages = await loadPages(input, diagnostics, users, removedBodies, rebuilt);
  const bios = await loadBios(input, diagnostics, users, removedBodies, rebuilt);
  const articleUser = (entry: ArticleEntry) => ({
    bodyKey: entry.bodyKey,
    images: [entry.hero, ...entry.gallery],
  });
  if (rebuilt) {
    for (const id of model.list("all")) {
      const entry = model.entry(id) as ArticleEntry;
      users.push({
        user: `a:${id}`,
        file: entry.file,
        after: articleUser(entry),
      });
    }
  } else {
    for (const change of update.articles.values()) {
      const entry = (change.after ?? change.before) as ArticleEntry;
      users.push({
        user: `a:${change.id}`,
        file: entry.file,
        before: change.before && articleUser(change.before),
        after: change.after && articleUser(change.after),
      });
    }
  }

  const view = new SiteView({
    config,
    now,
    baseUrl: input.baseUrl,
    flags,
    model,
    pages: pages.placed,
    bios: bios.placed,
    disclaimerPartials: input.disclaimerPartials,
    record: input.record,
  });

  // Placement problems of the articles placed now (a tag with no letter, a missing disclaimer).
  const placement: PlacementContext = {
    config,
    now,
    flags,
    disclaimerPartials: input.disclaimerPartials,
    tagName: (slug) => model.tagName(slug),
  };
  const refs = new Map<string, TermRef>();
  const placed = rebuilt
    ? model.list("all")
    : [...update.articles.values()].flatMap((c) => (c.after ? [c.id] : []));
  for (const id of placed) {
    const entry = model.entry(id) as ArticleEntry;
    const recordOf = () => input.record(entry);
    placeArticle(
      entry,
      entry.url as string,
      placement,
      refs,
      (d) => diagnostics.push(d),
      (field) => positionOf(recordOf().positions, field) ?? { line: 1, column: 1 },
    );
  }

  const aliases = updateAliases(state, update, rebuilt, model);
  const bodies: (BodySourceRef & { key: string })[] = [];
  // Only where the body is: a copy of the whole record would keep every article's text until
  // the Markdown phase (150 MB at 100,000 stories).
  const needsBody = (source: BodySourceRef, key: string) => {
    if (!tables.bodies.has(key))
      bodies.push({
        file: source.file,
        absPath: source.absPath,
        hash: source.hash,
        bodyOffset: source.bodyOffset,
        bodyLine: source.bodyLine,
        key,
      });
  };
  for (const id of placed) {
    const entry = model.entry(id) as ArticleEntry;
    if (!tables.bodies.has(entry.bodyKey)) needsBody(input.record(entry), entry.bodyKey);
  }
  for (const page of pages.placed) needsBody(page, page.bodyKey);
  for (const bio of bios.placed.values()) needsBody(bio, bio.bodyKey);
  state.meta = state.meta && { ...state.meta, nextId: model.nextId };
  return {
    view,
    update,
    rebuilt,
    aliases,
    pages: { changed: pages.changed, removedUrls: pages.removedUrls },
    bios: bios.changed,
    diagnostics,
    bodies,
    users,
    removedBodies,
  };
}

function toLoad(file: ScannedFile, recheck: ReadonlySet<string>): SourceToLoad {
  return {
    file: file.file,
    absPath: file.absPath,
    id: file.id,
    bytes: takeBytes(file),
    recheck: recheck.has(file.file),
  };
}

/** The index entry (without id) of a validated article. */
function toEntry(
  article: Article,
  id: string,
  config: ResolvedConfig,
  bodyKey: (source: BodySourceRef) => string,
): Omit<ArticleEntry, "id"> {
  const url = articleUrl(article, config);
  return {
    ...entryFacts(article),
    contentId: id,
    bodyKey: bodyKey(article),
    url: "url" in url ? url.url : undefined,
  };
}

/**
 * Keeps the redirects table (old URL to article id) in step with the articles that changed,
 * and tells which redirects changed: their own pages and `_redirects` are written again.
 */
function updateAliases(
  state: BuildState,
  update: ModelUpdate,
  rebuilt: boolean,
  model: SiteModel,
): Map<string, string | undefined> {
  const table = state.tables.aliases;
  const changes = new Map<string, string | undefined>();
  if (rebuilt) {
    const before = new Map([...table.entries()]);
    for (const key of before.keys()) table.set(key, undefined);
    for (const id of model.list("all")) {
      const entry = model.entry(id) as ArticleEntry;
      for (const alias of safeAliases(entry)) table.set(alias, id);
    }
    for (const [from, id] of table.entries()) {
      if (before.get(from) !== id || rebuilt) changes.set(from, model.entry(id)?.url);
    }
    for (const from of before.keys()) if (!table.has(from)) changes.set(from, undefined);
    return changes;
  }
  for (const change of update.articles.values()) {
    const old = change.before ? safeAliases(change.before) : [];
    const fresh = change.after ? safeAliases(change.after) : [];
    for (const from of old) {
      if (fresh.includes(from) && change.before?.url === change.after?.url) continue;
      if (table.get(from) === change.id) {
        table.set(from, undefined);
        changes.set(from, undefined);
      }
    }
    for (const from of fresh) {
      if (old.includes(from) && change.before?.url === change.after?.url) continue;
      table.set(from, change.id);
      changes.set(from, change.after?.url);
    }
  }
  return changes;
}

/** An article's aliases as safe URL paths (unsafe ones are validation errors). */
function safeAliases(entry: Pick<ArticleEntry, "aliases">): string[] {
  const found: string[] = [];
  for (const alias of entry.aliases) {
    const checked = checkUrlPath(alias.startsWith("/") ? alias : `/${alias}`);
    if (checked.ok && !found.includes(checked.url)) found.push(checked.url);
  }
  return found;
}

/** Static pages: loaded when changed, placed when not drafts (or previewed). */
async function loadPages(
  input: UpdateInput,
  diagnostics: Diagnostic[],
  users: BodyUser[],
  removedBodies: string[],
  rebuilt: boolean,
): Promise<{ placed: PlacedPage[]; changed: Set<string>; removedUrls: string[] }> {
  const { state, loader, scan, config } = input;
  const table = state.tables.pages;
  const changed = new Set<string>();
  const removedUrls: string[] = [];
  const placed: PlacedPage[] = [];
  const present = new Set<string>();
  for (const file of scan.pages.files) {
    present.add(file.file);
    const before = table.get(file.file);
    let page: (StaticPage & { contentId: string; bodyKey: string }) | undefined = before;
    // Read again, too, when an image its text shows changed: its body names the new variants.
    if (!before || before.contentId !== file.id || input.fresh || input.recheck.has(file.file)) {
      const record = await loader.load<StaticPage>(
        "page",
        toLoad(file, input.recheck),
        before?.contentId,
      );
      diagnostics.push(...record.diagnostics);
      page = record.value && {
        ...record.value,
        contentId: file.id,
        bodyKey: input.bodyKey(record.value),
      };
      table.set(file.file, page);
    }
    const url = page && pageUrl(page, config);
    const wasUrl = before && pageUrl(before, config);
    const included = (p: StaticPage | undefined) =>
      p !== undefined && !(p.draft && !input.flags.drafts);
    if (before && before.bodyKey !== page?.bodyKey) removedBodies.push(before.bodyKey);
    if (rebuilt || page !== before) {
      users.push({
        user: `p:${file.file}`,
        file: file.file,
        before: before && included(before) ? { bodyKey: before.bodyKey, images: [] } : undefined,
        after: page && included(page) && url ? { bodyKey: page.bodyKey, images: [] } : undefined,
      });
    }
    if (included(before) && wasUrl && (!included(page) || wasUrl !== url)) removedUrls.push(wasUrl);
    if (page && included(page) && url) {
      placed.push({ ...page, url });
      if (page !== before || input.fresh) changed.add(file.file);
    } else if (page && included(page) && !url) {
      diagnostics.push(
        createDiagnostic("PathUnsafe", `URL of page "${page.name}" is not allowed`, {
          file: file.file,
          line: 1,
          column: 1,
          phase: "assemble",
          hint: "use lowercase words and hyphens, e.g. /old/story-slug/",
        }),
      );
    }
  }
  for (const file of [...table.keys()]) {
    if (present.has(file)) continue;
    const before = table.get(file);
    const url = before && pageUrl(before, config);
    if (before && url && !(before.draft && !input.flags.drafts)) removedUrls.push(url);
    if (before) {
      removedBodies.push(before.bodyKey);
      users.push({
        user: `p:${file}`,
        file,
        before: { bodyKey: before.bodyKey, images: [] },
      });
    }
    table.set(file, undefined);
    loader.forget(file);
  }
  placed.sort((a, b) => compareText(a.url, b.url));
  return { placed, changed, removedUrls };
}

function pageUrl(page: StaticPage, config: ResolvedConfig): string | undefined {
  const checked = checkUrlPath(
    expandPermalink(config.permalinks.page, { name: page.name }, config.site.timezone),
  );
  return checked.ok ? checked.url : undefined;
}

/** Author bios: loaded when changed. */
async function loadBios(
  input: UpdateInput,
  diagnostics: Diagnostic[],
  users: BodyUser[],
  removedBodies: string[],
  rebuilt: boolean,
): Promise<{ placed: Map<string, PlacedBio>; changed: Set<string> }> {
  const { state, loader, scan } = input;
  const table = state.tables.bios;
  const changed = new Set<string>();
  const placed = new Map<string, PlacedBio>();
  const present = new Set<string>();
  for (const file of scan.authors.files) {
    present.add(file.file);
    const before = table.get(file.file);
    let bio: (AuthorBio & { contentId: string; bodyKey: string }) | undefined = before;
    // Read again, too, when an image its text shows changed (as static pages above).
    if (!before || before.contentId !== file.id || input.fresh || input.recheck.has(file.file)) {
      const record = await loader.load<AuthorBio>(
        "author",
        toLoad(file, input.recheck),
        before?.contentId,
      );
      diagnostics.push(...record.diagnostics);
      bio = record.value && {
        ...record.value,
        contentId: file.id,
        bodyKey: input.bodyKey(record.value),
      };
      table.set(file.file, bio);
      if (before) changed.add(before.slug);
      if (bio) changed.add(bio.slug);
      if (before && before.bodyKey !== bio?.bodyKey) removedBodies.push(before.bodyKey);
    }
    if (rebuilt || bio !== before) {
      users.push({
        user: `b:${file.file}`,
        file: file.file,
        before: before && { bodyKey: before.bodyKey, images: [] },
        after: bio && { bodyKey: bio.bodyKey, images: [] },
      });
    }
    if (bio && !placed.has(bio.slug)) placed.set(bio.slug, bio);
  }
  for (const file of [...table.keys()]) {
    if (present.has(file)) continue;
    const before = table.get(file);
    if (before) {
      changed.add(before.slug);
      removedBodies.push(before.bodyKey);
      users.push({
        user: `b:${file}`,
        file,
        before: { bodyKey: before.bodyKey, images: [] },
      });
    }
    table.set(file, undefined);
    loader.forget(file);
  }
  return { placed, changed };
}

/** The key parts of the config that placing an article reads. */
export function placementKey(
  config: ResolvedConfig,
  flags: PreviewFlags,
  disclaimerPartials: ReadonlySet<string>,
  engine: string,
): string {
  return hashKey(
    engine,
    config.permalinks,
    config.site.timezone,
    config.sections ?? null,
    config.disclaimers,
    config.related.count,
    config.comments.default,
    config.donate !== undefined,
    flags,
    [...disclaimerPartials].sort(),
  );
}

/** The checks of the config's disclaimer rules: each must name a partial that exists. */
export function checkDisclaimerRules(
  config: ResolvedConfig,
  partials: ReadonlySet<string>,
  configFile: string | undefined,
  locate:
    | ((keyPath: readonly (string | number)[]) => { line: number; column: number } | undefined)
    | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  config.disclaimers.forEach((rule, index) => {
    if (partials.has(rule.partial)) return;
    const keyPath = ["disclaimers", index, "partial"];
    diagnostics.push(
      createDiagnostic(
        "PartialNotFound",
        `disclaimer rule for tags ${rule.tags.join(", ")} names partial "${rule.partial}", which does not exist`,
        {
          file: configFile,
          ...locate?.(keyPath),
          field: keyPath.join("."),
          phase: "assemble",
          hint: partialHint(rule.partial, partials),
        },
      ),
    );
  });
  return diagnostics;
}
