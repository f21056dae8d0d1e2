import path from "node:path";
import type { ResolvedConfig } from "../../config/config-schema.js";
import { compareText } from "../../errors/diagnostic.js";
import { servedAs } from "../../site/check-url-clashes.js";
import { checkUrlPath } from "../../site/check-url-path.js";
import { expandPermalink } from "../../site/expand-permalink.js";
import { slugify, slugifyTerm } from "../../site/slugify.js";
import { zonedParts } from "../../site/time.js";
import type { ImportNotes } from "../import-notes.js";
import type { SourceArchive, SourceAuthor } from "../source-archive.js";
import { mergeTagSpellings } from "./merge-tag-spellings.js";
import { type NormalizedStory, normalizeStory } from "./normalize-story.js";
import { UrlClaims } from "./url-claims.js";

/** A story placed in the new site: its file, its URL and the old URLs that redirect to it. */
export interface PlannedStory {
  readonly normalized: NormalizedStory;
  readonly kind: "article" | "page";
  /** Path of the file to write, relative to the site folder. */
  readonly file: string;
  readonly url: string;
  /** The slug (or page name) of the new URL. */
  readonly slug: string;
  /** The file name is not the slug, so `slug:` must be written. */
  readonly writeSlug: boolean;
  readonly aliases: readonly string[];
}

/** A section of the new site. */
export interface PlannedSection {
  readonly id: string;
  readonly title: string;
  readonly description?: string | undefined;
}

/** Everything decided about the new site before any file is written. */
export interface SitePlan {
  /** In file order. */
  readonly stories: readonly PlannedStory[];
  readonly sections: readonly PlannedSection[];
  /** Authors to write bios for: those some story names. */
  readonly authors: readonly SourceAuthor[];
  /** New URL of each old story URL (served form, query kept), for links in bodies. */
  readonly linkTargets: ReadonlyMap<string, string>;
  /** New URL of each name stories used for each other (`ref`, `post_url`, a post id). */
  readonly refTargets: ReadonlyMap<string, string>;
  readonly claims: UrlClaims;
}

/** What planning needs besides the archive. */
export interface PlanOptions {
  /** The resolved config the site will have (permalinks, pagination, timezone). */
  readonly config: ResolvedConfig;
  /** `--section`. */
  readonly section?: string | undefined;
  readonly notes: ImportNotes;
}

/**
 * Decides the new site: normalises every story, gives tags one spelling, places stories at
 * their new URLs in date order (a later story on a taken URL gets a suffix), picks file names,
 * and keeps every old URL as an alias unless it is the new URL itself, belongs to another page,
 * or cannot be a static redirect; each such decision is a report line.
 */
export async function planSite(archive: SourceArchive, options: PlanOptions): Promise<SitePlan> {
  const { config, notes } = options;
  const timeZone = config.site.timezone;
  const normalized: NormalizedStory[] = [];
  for (const story of archive.stories) {
    normalized.push(
      await normalizeStory(story, {
        timeZone,
        section: options.section,
        sectionTitles: archive.sections,
        generator: archive.generator,
        notes,
      }),
    );
  }
  const ordered = mergeTagSpellings(normalized, notes).sort(
    (a, b) => a.date - b.date || compareText(a.story.order, b.story.order),
  );
  const articles = ordered.filter((s) => s.story.kind === "article");
  const pages = ordered.filter((s) => s.story.kind === "page");

  const claims = new UrlClaims();
  const perPage = config.pagination.perPage;
  const sections = new Map<string, PlannedSection>();
  for (const article of articles) {
    if (!sections.has(article.section)) {
      const description = archive.sections.get(article.section)?.description;
      sections.set(article.section, {
        id: article.section,
        title: article.sectionTitle,
        description,
      });
    }
  }
  for (const section of sections.values()) {
    const count = articles.filter((a) => a.section === section.id).length;
    const url = expandPermalink(config.permalinks.section, { section: section.id }, timeZone);
    claims.claimListing(url, count, perPage, `the section ${section.id}`, true);
  }
  for (const [name, count] of countNames(articles.map((a) => a.tags))) {
    const url = expandPermalink(config.permalinks.tag, { slug: slugifyTerm(name) }, timeZone);
    claims.claimListing(url, count, perPage, `the tag ${name}`, true);
  }
  for (const [name, count] of countNames(articles.map((a) => a.authors))) {
    const url = expandPermalink(config.permalinks.author, { slug: slugifyTerm(name) }, timeZone);
    claims.claimListing(url, count, perPage, `the author ${name}`, false);
  }

  const planned: PlannedStory[] = [];
  const files = new Set<string>();
  for (const article of articles) {
    let slug = article.slug;
    let url = articleUrl(config, article, slug);
    for (let n = 2; !claims.claim(url, ownerOf(article)); n++) {
      slug = `${article.slug}-${n}`;
      url = articleUrl(config, article, slug);
    }
    if (slug !== article.slug) {
      notes.add(
        "SlugSuffixed",
        article.story.file,
        article.story.lineOf("slug"),
        `${articleUrl(config, article, article.slug)} belongs to an earlier story: this one is at ${url}`,
      );
    }
    const parts = zonedParts(article.date, timeZone);
    const folder = `content/articles/${String(parts.year).padStart(4, "0")}/${String(parts.month).padStart(2, "0")}`;
    let file = `${folder}/${slug}.md`;
    for (let n = 2; files.has(file); n++)
      file = `${folder}/${slug}-${String(parts.day).padStart(2, "0")}${n > 2 ? `-${n - 1}` : ""}.md`;
    files.add(file);
    planned.push({
      normalized: article,
      kind: "article",
      file,
      url,
      slug,
      writeSlug: path.posix.basename(file, ".md") !== slug,
      aliases: [],
    });
  }
  for (const page of pages) {
    const base = pageName(page);
    let name = base;
    let url = expandPermalink(config.permalinks.page, { name }, timeZone);
    for (let n = 2; !claims.claim(url, ownerOf(page)); n++) {
      name = `${base}-${n}`;
      url = expandPermalink(config.permalinks.page, { name }, timeZone);
    }
    const old = page.oldUrls[0];
    if (old !== undefined && servedAs(old) !== servedAs(url) && !page.draft) {
      notes.add(
        "PageUrlChanged",
        page.story.file,
        page.story.line,
        `the page at ${old} is now at ${url} (static pages have no aliases; add a redirect at your host if it matters)`,
      );
    }
    const file = `content/pages/${name}.md`;
    files.add(file);
    planned.push({
      normalized: page,
      kind: "page",
      file,
      url,
      slug: name,
      writeSlug: false,
      aliases: [],
    });
  }

  const withAliases = planned.map((story) =>
    story.kind === "article" ? { ...story, aliases: keepAliases(story, claims, notes) } : story,
  );

  const linkTargets = new Map<string, string>();
  const refTargets = new Map<string, string>();
  for (const story of withAliases) {
    for (const old of story.normalized.oldUrls) {
      if (!linkTargets.has(servedAs(old))) linkTargets.set(servedAs(old), story.url);
    }
    for (const ref of story.normalized.story.refs)
      if (!refTargets.has(ref)) refTargets.set(ref, story.url);
  }
  const named = new Set(articles.flatMap((a) => a.authors));
  return {
    stories: withAliases.sort((a, b) => compareText(a.file, b.file)),
    sections: [...sections.values()].sort((a, b) => compareText(a.id, b.id)),
    authors: archive.authors.filter((author) => named.has(author.name)),
    linkTargets,
    refTargets,
    claims,
  };
}

/**
 * The old URLs of an article that can redirect to it. An old URL equal to the new one is
 * dropped (a redirect to itself), as is one another page owns, one with a query string (a
 * static host redirects paths, not queries) and one that is not a safe path.
 */
function keepAliases(story: PlannedStory, claims: UrlClaims, notes: ImportNotes): string[] {
  const { normalized } = story;
  const kept: string[] = [];
  const line = normalized.story.lineOf("aliases");
  const file = normalized.story.file;
  for (const old of normalized.oldUrls) {
    const pathOnly = old.replace(/#.*$/, "");
    if (pathOnly.includes("?")) {
      notes.add(
        "UrlNotKept",
        file,
        line,
        `the old URL ${old} has a query string: a static redirect cannot match it (add a rule at your host if it matters)`,
      );
      continue;
    }
    const checked = checkUrlPath(pathOnly.startsWith("/") ? pathOnly : `/${pathOnly}`);
    if (!checked.ok) {
      notes.add(
        "UrlNotKept",
        file,
        line,
        `the old URL ${old} cannot be a redirect (${checked.reason})`,
      );
      continue;
    }
    const alias = checked.url;
    if (servedAs(alias) === servedAs(story.url)) {
      notes.add(
        "AliasIsOwnUrl",
        file,
        line,
        `the old URL ${alias} is the new URL: no redirect needed`,
      );
      continue;
    }
    if (kept.some((k) => servedAs(k) === servedAs(alias))) continue;
    if (!claims.claim(alias, ownerOf(normalized))) {
      notes.add(
        "AliasClash",
        file,
        line,
        `the old URL ${alias} now belongs to ${claims.ownerOf(alias)}: no redirect from it`,
      );
      continue;
    }
    kept.push(alias);
  }
  return kept;
}

function articleUrl(config: ResolvedConfig, story: NormalizedStory, slug: string): string {
  return expandPermalink(
    config.permalinks.article,
    { section: story.section, slug, date: story.date },
    config.site.timezone,
  );
}

/** A static page's name: its old path (`/about/team/` -> `about-team`), else its slug. */
function pageName(page: NormalizedStory): string {
  const old = page.oldUrls[0]?.replace(/[?#].*$/, "").replace(/\.html?$/, "");
  const fromPath = old ? slugify(old.split("/").filter(Boolean).join(" ")) : "";
  return fromPath || page.slug;
}

function ownerOf(story: NormalizedStory): string {
  return `${story.story.file}${story.story.line > 1 ? `:${story.story.line}` : ""}`;
}

function countNames(lists: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const name of list) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}
