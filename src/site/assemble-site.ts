import type { ResolvedConfig } from "../config/config-schema.js";
import { compareText, createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { collectEvery } from "../memory/collect-garbage.js";
import { checkUrlPath } from "../write/check-url-path.js";
import {
  decideVisibility,
  isIncluded,
  nextPublishingChange,
  type PreviewFlags,
} from "./decide-visibility.js";
import { expandPermalink } from "./expand-permalink.js";
import { findRelated } from "./find-related.js";
import type {
  Article,
  AuthorBio,
  Site,
  SiteArticle,
  SourcePosition,
  StaticPage,
  Term,
  TermRef,
} from "./model.js";
import { positionOf } from "./model.js";
import { paginate } from "./paginate.js";
import { slugifyTerm } from "./slugify.js";

/** Everything assembly reads: validated sources, config and the injected clock. */
export interface AssembleInput {
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly flags: PreviewFlags;
  readonly baseUrl: string;
  readonly articles: readonly Article[];
  readonly authors: readonly AuthorBio[];
  readonly pages: readonly StaticPage[];
  /** Disclaimer partial names that exist in the theme. */
  readonly disclaimerPartials: ReadonlySet<string>;
  /** The config file, relative to the root, so problems with config rules can name it. */
  readonly configFile?: string | undefined;
  /** Where a config key path is written in the config file, when it can be found. */
  readonly locateConfig?:
    | ((keyPath: readonly (string | number)[]) => SourcePosition | undefined)
    | undefined;
}

/** The assembled site and the problems found while placing pages. */
export interface AssembleResult {
  readonly site: Site;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reserved URLs the build writes itself; content may not claim them. */
const reservedUrls = [
  "/",
  "/404.html",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/sitemap.xml",
  "/news-sitemap.xml",
  "/robots.txt",
  "/_redirects",
  "/_headers",
];

/**
 * Places every included article in the site: visibility (decided once, here, before anything
 * renders), URL, section, tags, authors, policy blocks, related stories; then sections, tag and
 * author terms, static pages; and checks that no two things claim one URL.
 */
export function assembleSite(input: AssembleInput): AssembleResult {
  const { config, now } = input;
  const diagnostics: Diagnostic[] = [];
  const timeZone = config.site.timezone;
  const tagNames = chooseTagNames(input.articles, diagnostics, input);
  checkDisclaimerRules(input, diagnostics);

  const placed: SiteArticle[] = [];
  const refs = new Map<string, TermRef>();
  const collect = collectEvery();
  for (const article of input.articles) {
    collect();
    const visibility = decideVisibility(article, now);
    if (!isIncluded(visibility, input.flags)) continue;
    const url = checkedUrl(
      expandPermalink(
        config.permalinks.article,
        { section: article.section, slug: article.slug, date: article.date },
        timeZone,
      ),
      article.file,
      "slug",
      fieldPosition(article, "slug"),
      diagnostics,
    );
    if (!url) continue;
    placed.push(placeArticle(article, url, visibility, tagNames, refs, input, diagnostics));
  }
  placed.sort(compareArticles);

  const sections = buildSections(placed, input);
  const tags = buildTerms(placed, "tag", (a) => a.tagRefs, input);
  const authors = buildTerms(placed, "author", (a) => a.authorRefs, input);
  const pages: (StaticPage & { url: string })[] = [];
  for (const page of input.pages) {
    if (page.draft && !input.flags.drafts) continue;
    const url = checkedUrl(
      expandPermalink(config.permalinks.page, { name: page.name }, timeZone),
      page.file,
      undefined,
      fileStart,
      diagnostics,
    );
    if (url) pages.push({ ...page, url });
  }
  pages.sort((a, b) => compareText(a.url, b.url));

  checkUrlClashes(
    placed,
    [...sections, ...tags, ...authors],
    pages,
    config.pagination.perPage,
    diagnostics,
  );

  const site: Site = {
    config,
    now,
    baseUrl: input.baseUrl,
    articles: placed,
    sections,
    tags,
    authors,
    pages,
    related: findRelated(placed, config.related.count),
    nextChange: nextPublishingChange(input.articles, now),
  };
  return { site, diagnostics };
}

/** Newest first; equal times by URL, so the order never depends on file system order. */
export function compareArticles(a: SiteArticle, b: SiteArticle): number {
  return b.date - a.date || compareText(a.url, b.url);
}

function placeArticle(
  article: Article,
  url: string,
  visibility: SiteArticle["visibility"],
  tagNames: ReadonlyMap<string, string>,
  shared: Map<string, TermRef>,
  input: AssembleInput,
  diagnostics: Diagnostic[],
): SiteArticle {
  const { config } = input;
  // One ref per term name, shared by every article that names it: 100,000 articles name a few
  // hundred terms, and each ref holds a URL.
  const termRefs = (names: readonly string[], field: "tags" | "authors"): TermRef[] => {
    const refs: TermRef[] = [];
    for (const [index, name] of names.entries()) {
      const known = shared.get(`${field}\u0000${name}`);
      if (known) {
        refs.push(known);
        continue;
      }
      const slug = slugifyTerm(name);
      if (!slug) {
        diagnostics.push(
          createDiagnostic(
            "PathUnsafe",
            `"${name}" in ${field} has no letter or digit to make a URL from`,
            {
              file: article.file,
              ...fieldPosition(article, `${field}.${index}`),
              field,
              phase: "assemble",
              hint: "use a word, e.g. Elections",
            },
          ),
        );
        continue;
      }
      const pattern = field === "tags" ? config.permalinks.tag : config.permalinks.author;
      const ref = {
        name: field === "tags" ? (tagNames.get(slug) ?? name) : name,
        slug,
        url: expandPermalink(pattern, { slug }, config.site.timezone),
      };
      shared.set(`${field}\u0000${name}`, ref);
      refs.push(ref);
    }
    return uniqueRefs(refs);
  };
  const tagRefs = termRefs(article.tags, "tags");
  const authorRefs = termRefs(article.authors, "authors");
  const sectionKey = `section\u0000${article.section}`;
  const sectionRef = shared.get(sectionKey) ?? {
    name: config.sections?.[article.section]?.title ?? titleCase(article.section),
    slug: article.section,
    url: expandPermalink(
      config.permalinks.section,
      { section: article.section },
      config.site.timezone,
    ),
  };
  shared.set(sectionKey, sectionRef);
  const policy = choosePolicy(article, config, input.disclaimerPartials, diagnostics);
  return {
    ...article,
    url,
    visibility,
    sectionRef,
    tagRefs,
    authorRefs,
    disclaimerPartial: policy.disclaimer,
    commentsMode: policy.comments,
    showDonate: article.donate && config.donate !== undefined,
    readingMinutes: Math.max(1, Math.round(article.wordCount / 230)),
    modified: article.updated ?? article.date,
  };
}

/**
 * The disclaimer and comment mode of an article. A config rule matches on tags (by slug, so
 * `covid-19` matches `COVID-19`); `disclaimer:` in front matter overrides it, `none` removes it.
 * A matching rule's `comments` setting is policy and wins over the article's own.
 */
function choosePolicy(
  article: Article,
  config: ResolvedConfig,
  partials: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): { disclaimer: string | undefined; comments: SiteArticle["commentsMode"] } {
  const articleTags = new Set(article.tags.map(slugifyTerm));
  const ruleByTag = config.disclaimers.find((rule) =>
    rule.tags.some((tag) => articleTags.has(slugifyTerm(tag))),
  );
  let disclaimer: string | undefined;
  let rule = ruleByTag;
  if (article.disclaimer === "none") {
    rule = undefined;
  } else if (article.disclaimer !== undefined) {
    disclaimer = article.disclaimer;
    rule = config.disclaimers.find((r) => r.partial === article.disclaimer);
  } else {
    disclaimer = ruleByTag?.partial;
  }
  if (disclaimer !== undefined && !partials.has(disclaimer)) {
    // A config rule's missing partial is reported once, against the config file.
    if (article.disclaimer !== undefined) {
      diagnostics.push(
        createDiagnostic("PartialNotFound", `disclaimer partial "${disclaimer}" does not exist`, {
          file: article.file,
          ...fieldPosition(article, "disclaimer"),
          field: "disclaimer",
          phase: "assemble",
          hint: partialHint(disclaimer, partials),
        }),
      );
    }
    disclaimer = undefined;
  }
  return { disclaimer, comments: rule?.comments ?? article.comments ?? config.comments.default };
}

/** Every config disclaimer rule must name a partial that exists, whether or not it matches. */
function checkDisclaimerRules(input: AssembleInput, diagnostics: Diagnostic[]): void {
  input.config.disclaimers.forEach((rule, index) => {
    if (input.disclaimerPartials.has(rule.partial)) return;
    const keyPath = ["disclaimers", index, "partial"];
    diagnostics.push(
      createDiagnostic(
        "PartialNotFound",
        `disclaimer rule for tags ${rule.tags.join(", ")} names partial "${rule.partial}", which does not exist`,
        {
          file: input.configFile,
          ...input.locateConfig?.(keyPath),
          field: keyPath.join("."),
          phase: "assemble",
          hint: partialHint(rule.partial, input.disclaimerPartials),
        },
      ),
    );
  });
}

function partialHint(name: string, partials: ReadonlySet<string>): string {
  const known = [...partials].sort();
  return `add templates/partials/disclaimers/${name}.eta${known.length ? ` or use one of: ${known.join(", ")}, none` : ""}`;
}

/**
 * One display name per tag slug. Tags that differ only in case or punctuation share a slug and
 * merge; the most used spelling wins (ties: the first in code-point order), with a warning.
 */
function chooseTagNames(
  articles: readonly Article[],
  diagnostics: Diagnostic[],
  input: AssembleInput,
): Map<string, string> {
  type Spelling = { count: number; file: string; at: SourcePosition };
  const spellings = new Map<string, Map<string, Spelling>>();
  for (const article of articles) {
    if (!isIncluded(decideVisibility(article, input.now), input.flags)) continue;
    for (const [index, tag] of article.tags.entries()) {
      const slug = slugifyTerm(tag);
      if (!slug) continue;
      const bySpelling = spellings.get(slug) ?? new Map<string, Spelling>();
      const seen = bySpelling.get(tag);
      bySpelling.set(tag, {
        count: (seen?.count ?? 0) + 1,
        file: seen?.file ?? article.file,
        at: seen?.at ?? fieldPosition(article, `tags.${index}`),
      });
      spellings.set(slug, bySpelling);
    }
  }
  const names = new Map<string, string>();
  for (const [slug, bySpelling] of spellings) {
    const ranked = [...bySpelling].sort(
      (a, b) => b[1].count - a[1].count || compareText(a[0], b[0]),
    );
    const winner = ranked[0]?.[0] ?? slug;
    names.set(slug, winner);
    for (const [spelling, { file, at }] of ranked.slice(1)) {
      diagnostics.push(
        createDiagnostic(
          "TagsMerged",
          `tag "${spelling}" was merged into "${winner}" (both are /${slug}/)`,
          {
            file,
            ...at,
            field: "tags",
            phase: "assemble",
            hint: `write "${winner}" everywhere`,
          },
        ),
      );
    }
  }
  return names;
}

function buildSections(articles: readonly SiteArticle[], input: AssembleInput): Term[] {
  const { config } = input;
  const ids = config.sections
    ? Object.keys(config.sections)
    : [...new Set(articles.map((a) => a.section))].sort(compareText);
  const bySection = groupBy(articles, (a) => [a.section]);
  return ids.map((id) => ({
    kind: "section" as const,
    name: config.sections?.[id]?.title ?? titleCase(id),
    slug: id,
    url: expandPermalink(config.permalinks.section, { section: id }, config.site.timezone),
    description: config.sections?.[id]?.description,
    articles: bySection.get(id) ?? [],
  }));
}

function buildTerms(
  articles: readonly SiteArticle[],
  kind: "tag" | "author",
  refsOf: (article: SiteArticle) => readonly TermRef[],
  input: AssembleInput,
): Term[] {
  const refs = new Map<string, TermRef>();
  for (const article of articles)
    for (const ref of refsOf(article)) if (!refs.has(ref.slug)) refs.set(ref.slug, ref);
  const grouped = groupBy(articles, (a) => refsOf(a).map((r) => r.slug));
  const bios = new Map(input.authors.map((bio) => [bio.slug, bio]));
  return [...refs.values()]
    .sort((a, b) => compareText(a.slug, b.slug))
    .map((ref) => {
      const bio = kind === "author" ? bios.get(ref.slug) : undefined;
      return {
        kind,
        ...ref,
        name: bio?.name ?? ref.name,
        bio,
        articles: grouped.get(ref.slug) ?? [],
      };
    });
}

/**
 * Every URL has one owner. URLs are compared as the file they are served from, so `/city` (an
 * alias) and `/city/` (the section page) clash; every page of a paginated listing and every
 * section and tag feed is claimed, so an alias cannot overwrite `/city/page/2/` or
 * `/city/feed.xml`. Errors name both owners.
 */
function checkUrlClashes(
  articles: readonly SiteArticle[],
  terms: readonly Term[],
  pages: readonly (StaticPage & { url: string })[],
  perPage: number,
  diagnostics: Diagnostic[],
): void {
  const owners = new Map<string, string>(
    reservedUrls.map((url) => [servedAs(url), "Newsdeck itself"]),
  );
  const claim = (
    url: string,
    owner: string,
    file: string | undefined,
    field: string | undefined,
    at?: SourcePosition,
  ) => {
    const key = servedAs(url);
    const previous = owners.get(key);
    if (previous === undefined) {
      owners.set(key, owner);
      return;
    }
    diagnostics.push(
      createDiagnostic("DuplicateUrl", `${url} is claimed by both ${previous} and ${owner}`, {
        file,
        ...at,
        field,
        phase: "assemble",
        hint: "change the slug (slug:), the file name or the alias so each URL has one owner",
      }),
    );
  };
  for (const term of terms) {
    for (const listing of paginate(term.articles, perPage, term.url))
      claim(listing.url, `the ${term.kind} page "${term.name}"`, undefined, undefined);
    // Sections and tags have their own feeds (contract section 4).
    if (term.kind !== "author" && term.url.endsWith("/"))
      claim(`${term.url}feed.xml`, `the ${term.kind} feed "${term.name}"`, undefined, undefined);
  }
  for (const page of pages) claim(page.url, page.file, page.file, undefined, fileStart);
  const byFile = [...articles].sort((a, b) => compareText(a.file, b.file));
  for (const article of byFile)
    claim(article.url, article.file, article.file, "slug", fieldPosition(article, "slug"));
  for (const article of byFile) {
    for (const [index, alias] of article.aliases.entries()) {
      const at = fieldPosition(article, `aliases.${index}`);
      const url = checkedUrl(
        alias.startsWith("/") ? alias : `/${alias}`,
        article.file,
        "aliases",
        at,
        diagnostics,
      );
      if (url) claim(url, `${article.file} (alias)`, article.file, "aliases", at);
    }
  }
}

/** The form in which a URL is served: `/a`, `/a/` and `/a/index.html` are one page. */
function servedAs(url: string): string {
  return url.replace(/\/index\.html$/, "/").replace(/\/+$/, "") || "/";
}

/** The first line of a file: where file-level problems (a URL from its name) point. */
const fileStart: SourcePosition = { line: 1, column: 1 };

/** Where an article's front-matter field is written; the file's start when it is not. */
function fieldPosition(article: Article, field: string): SourcePosition {
  return positionOf(article.positions, field) ?? fileStart;
}

function checkedUrl(
  url: string,
  file: string,
  field: string | undefined,
  at: SourcePosition,
  diagnostics: Diagnostic[],
): string | undefined {
  const result = checkUrlPath(url);
  if (result.ok) return result.url;
  diagnostics.push(
    createDiagnostic("PathUnsafe", `URL "${url}" is not allowed: ${result.reason}`, {
      file,
      ...at,
      field,
      phase: "assemble",
      hint: "use lowercase words and hyphens, e.g. /old/story-slug/",
    }),
  );
  return undefined;
}

function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function uniqueRefs(refs: readonly TermRef[]): TermRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    if (seen.has(ref.slug)) return false;
    seen.add(ref.slug);
    return true;
  });
}

function titleCase(id: string): string {
  return id
    .split("-")
    .map((word) => (word ? word[0]?.toUpperCase() + word.slice(1) : word))
    .join(" ");
}
