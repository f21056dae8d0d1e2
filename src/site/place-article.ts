import type { CommentsMode, ResolvedConfig } from "../config/config-schema.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { ArticleEntry } from "./article-entry.js";
import { checkUrlPath } from "./check-url-path.js";
import { decideVisibility, isIncluded, type PreviewFlags } from "./decide-visibility.js";
import { expandPermalink } from "./expand-permalink.js";
import type { SourcePosition, TermRef, Visibility } from "./model.js";
import { slugifyTerm } from "./slugify.js";

/** What placing an article in this build adds to it: URL, publishing state, terms, policy. */
export interface Placement {
  readonly url: string;
  readonly visibility: Visibility;
  readonly sectionRef: TermRef;
  readonly tagRefs: readonly TermRef[];
  readonly authorRefs: readonly TermRef[];
  /** The disclaimer partial this article shows, after config rules and its own override. */
  readonly disclaimerPartial?: string | undefined;
  readonly commentsMode: CommentsMode;
  readonly showDonate: boolean;
  /** Modified time: `updated` when present, else `date`. */
  readonly modified: number;
}

/** Everything placement reads besides the article: config, clock, and the site's term names. */
export interface PlacementContext {
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly flags: PreviewFlags;
  /** Disclaimer partial names that exist in the theme. */
  readonly disclaimerPartials: ReadonlySet<string>;
  /** The display name of a tag slug (the most used spelling). */
  readonly tagName: (slug: string) => string | undefined;
}

/** The term keys of an article: its section's, its tags' and its authors' (see {@link termKey}). */
export interface ArticleTerms {
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
}

/** The key of a term's list: `s:<section>`, `t:<tag slug>`, `a:<author slug>`; the site's is `all`. */
function termKey(kind: "section" | "tag" | "author", slug: string): string {
  return `${kind === "section" ? "s" : kind === "tag" ? "t" : "a"}:${slug}`;
}

/** The list keys an article belongs to, in the order its page shows them. */
export function articleTerms(
  entry: Pick<ArticleEntry, "section" | "tags" | "authors">,
): ArticleTerms {
  const unique = (names: readonly string[], kind: "tag" | "author") => {
    const keys: string[] = [];
    for (const name of names) {
      const slug = slugifyTerm(name);
      const key = termKey(kind, slug);
      if (slug && !keys.includes(key)) keys.push(key);
    }
    return keys;
  };
  return {
    section: termKey("section", entry.section),
    tags: unique(entry.tags, "tag"),
    authors: unique(entry.authors, "author"),
  };
}

/** Every list an included article is in: the site's, its section's, its tags' and authors'. */
export function listsOf(entry: Pick<ArticleEntry, "section" | "tags" | "authors">): string[] {
  const terms = articleTerms(entry);
  return ["all", terms.section, ...terms.tags, ...terms.authors];
}

/** Whether an article is in this build at all (published, or previewed with a flag). */
export function isInBuild(
  entry: Pick<ArticleEntry, "draft" | "date" | "expires">,
  now: number,
  flags: PreviewFlags,
): boolean {
  return isIncluded(decideVisibility(entry, now), flags);
}

/** The URL of an article under the config's permalink pattern, or why it is unsafe. */
export function articleUrl(
  entry: Pick<ArticleEntry, "section" | "slug" | "date">,
  config: ResolvedConfig,
): { readonly url: string } | { readonly unsafe: string; readonly url?: undefined } {
  const url = expandPermalink(
    config.permalinks.article,
    { section: entry.section, slug: entry.slug, date: entry.date },
    config.site.timezone,
  );
  const checked = checkUrlPath(url);
  return checked.ok
    ? { url: checked.url }
    : { unsafe: `URL "${url}" is not allowed: ${checked.reason}` };
}

/** The URL of a section, tag or author page. */
export function termUrl(
  kind: "section" | "tag" | "author",
  slug: string,
  config: ResolvedConfig,
): string {
  const pattern =
    kind === "section"
      ? config.permalinks.section
      : kind === "tag"
        ? config.permalinks.tag
        : config.permalinks.author;
  return expandPermalink(
    pattern,
    kind === "section" ? { section: slug } : { slug },
    config.site.timezone,
  );
}

/** A section's display name: its config title, else its id in title case. */
export function sectionName(id: string, config: ResolvedConfig): string {
  return config.sections?.[id]?.title ?? titleCase(id);
}

/**
 * Places an article: its visibility at `now`, its section, tag and author refs (tags under the
 * site's chosen spelling), its disclaimer and comment policy. Refs are shared through `refs`, one
 * per term and spelling, as many articles name the same terms. Problems with its terms or policy
 * (a tag with no letter, a missing disclaimer partial) are reported to `report`.
 */
export function placeArticle(
  entry: ArticleEntry,
  url: string,
  context: PlacementContext,
  refs: Map<string, TermRef>,
  report?: (diagnostic: Diagnostic) => void,
  positionOf?: (field: string) => SourcePosition,
): Placement {
  const { config } = context;
  const at = (field: string) => positionOf?.(field) ?? { line: 1, column: 1 };
  const termRefs = (names: readonly string[], kind: "tag" | "author"): TermRef[] => {
    const found: TermRef[] = [];
    const field = kind === "tag" ? "tags" : "authors";
    for (const [index, name] of names.entries()) {
      const slug = slugifyTerm(name);
      if (!slug) {
        report?.(
          createDiagnostic(
            "PathUnsafe",
            `"${name}" in ${field} has no letter or digit to make a URL from`,
            {
              file: entry.file,
              ...at(`${field}.${index}`),
              field,
              phase: "assemble",
              hint: "use a word, e.g. Elections",
            },
          ),
        );
        continue;
      }
      if (found.some((ref) => ref.slug === slug)) continue;
      const shown = kind === "tag" ? (context.tagName(slug) ?? name) : name;
      const key = `${kind}\u0000${slug}\u0000${shown}`;
      let ref = refs.get(key);
      if (!ref) {
        ref = { name: shown, slug, url: termUrl(kind, slug, config) };
        refs.set(key, ref);
      }
      found.push(ref);
    }
    return found;
  };
  const sectionKey = `section\u0000${entry.section}`;
  let sectionRef = refs.get(sectionKey);
  if (!sectionRef) {
    sectionRef = {
      name: sectionName(entry.section, config),
      slug: entry.section,
      url: termUrl("section", entry.section, config),
    };
    refs.set(sectionKey, sectionRef);
  }
  const policy = choosePolicy(entry, context, report, at);
  return {
    url,
    visibility: decideVisibility(entry, context.now),
    sectionRef,
    tagRefs: termRefs(entry.tags, "tag"),
    authorRefs: termRefs(entry.authors, "author"),
    disclaimerPartial: policy.disclaimer,
    commentsMode: policy.comments,
    showDonate: entry.donate && config.donate !== undefined,
    modified: entry.updated ?? entry.date,
  };
}

/**
 * The disclaimer and comment mode of an article. A config rule matches on tags (by slug, so
 * `covid-19` matches `COVID-19`); `disclaimer:` in front matter overrides it, `none` removes it.
 * A matching rule's `comments` setting is policy and wins over the article's own.
 */
function choosePolicy(
  entry: ArticleEntry,
  context: PlacementContext,
  report: ((diagnostic: Diagnostic) => void) | undefined,
  at: (field: string) => SourcePosition,
): { disclaimer: string | undefined; comments: CommentsMode } {
  const { config } = context;
  const articleTags = new Set(entry.tags.map(slugifyTerm));
  const ruleByTag = config.disclaimers.find((rule) =>
    rule.tags.some((tag) => articleTags.has(slugifyTerm(tag))),
  );
  let disclaimer: string | undefined;
  let rule = ruleByTag;
  if (entry.disclaimer === "none") {
    rule = undefined;
  } else if (entry.disclaimer !== undefined) {
    disclaimer = entry.disclaimer;
    rule = config.disclaimers.find((r) => r.partial === entry.disclaimer);
  } else {
    disclaimer = ruleByTag?.partial;
  }
  if (disclaimer !== undefined && !context.disclaimerPartials.has(disclaimer)) {
    // A config rule's missing partial is reported once, against the config file.
    if (entry.disclaimer !== undefined) {
      report?.(
        createDiagnostic("PartialNotFound", `disclaimer partial "${disclaimer}" does not exist`, {
          file: entry.file,
          ...at("disclaimer"),
          field: "disclaimer",
          phase: "assemble",
          hint: partialHint(disclaimer, context.disclaimerPartials),
        }),
      );
    }
    disclaimer = undefined;
  }
  return { disclaimer, comments: rule?.comments ?? entry.comments ?? config.comments.default };
}

/** The hint for a disclaimer partial that does not exist. */
export function partialHint(name: string, partials: ReadonlySet<string>): string {
  const known = [...partials].sort();
  return `add templates/partials/disclaimers/${name}.eta${known.length ? ` or use one of: ${known.join(", ")}, none` : ""}`;
}

function titleCase(id: string): string {
  return id
    .split("-")
    .map((word) => (word ? word[0]?.toUpperCase() + word.slice(1) : word))
    .join(" ");
}
