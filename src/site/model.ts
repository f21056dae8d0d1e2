import type { CommentsMode, ResolvedConfig } from "../config/config-schema.js";
import type { Placement } from "./place-article.js";

/** The kinds of page a site has (Hugo's `Kind`). */
export type PageKind =
  | "home"
  | "article"
  | "section"
  | "tag"
  | "author"
  | "page"
  | "notFound"
  | "alias"
  | "search";

/** An image referenced from content, resolved to where its bytes are. */
export interface ImageRef {
  /** As written in front matter or Markdown. */
  readonly src: string;
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** Absolute path of the local file, or undefined for a remote (`https://`) image. */
  readonly file?: string | undefined;
}

/** Whether an article is published at build time, and if not, why (contract section 3). */
export type Visibility = "published" | "draft" | "scheduled" | "expired";

/** A dated correction note at the foot of an article. */
export interface Correction {
  readonly date: number;
  readonly text: string;
}

/**
 * A validated article: front matter as typed values, plus where its body is. Holds no body
 * text: bodies are read, rendered, written and released one at a time.
 */
export interface Article {
  /** Path relative to the site root, forward slashes. */
  readonly file: string;
  readonly absPath: string;
  /** SHA-256 of the file's bytes. */
  readonly hash: string;
  readonly bodyOffset: number;
  readonly bodyLine: number;
  readonly title: string;
  readonly date: number;
  readonly updated?: number | undefined;
  readonly expires?: number | undefined;
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly source?: string | undefined;
  readonly dateline?: string | undefined;
  /** Front matter's `summary`, or else the first paragraph as plain text. */
  readonly summary: string;
  /**
   * True when front matter sets `summary`: the writer's standfirst, shown above the body. A
   * summary taken from the first paragraph serves listings, feeds and metadata only, since the
   * page shows that paragraph anyway.
   */
  readonly hasStandfirst: boolean;
  readonly image?: ImageRef | undefined;
  readonly gallery: readonly ImageRef[];
  readonly credits?: string | undefined;
  readonly corrections: readonly Correction[];
  readonly disclaimer?: string | undefined;
  readonly comments?: CommentsMode | undefined;
  readonly donate: boolean;
  readonly draft: boolean;
  readonly aliases: readonly string[];
  readonly canonical?: string | undefined;
  readonly slug: string;
  readonly wordCount: number;
  /**
   * Where each front-matter field's value stands in the file, by dotted path (`slug`,
   * `disclaimer`, `aliases.1`), so that problems found after validation are located too.
   */
  readonly positions?: FieldPositions | undefined;
}

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Positions of front-matter fields by dotted path, packed into one string (`title\t2\t8\n...`):
 * one string per article instead of an object per field, which at 100,000 articles is a
 * hundred megabytes. Read with {@link positionOf}.
 */
export type FieldPositions = string;

/** Packs field positions (see {@link FieldPositions}). */
export function packPositions(
  entries: Iterable<readonly [string, SourcePosition]>,
): FieldPositions {
  let packed = "";
  for (const [field, at] of entries) packed += `${field}\t${at.line}\t${at.column}\n`;
  return packed;
}

/** Where `field` stands, from packed positions; undefined when it is not there. */
export function positionOf(
  positions: FieldPositions | undefined,
  field: string,
): SourcePosition | undefined {
  if (!positions) return undefined;
  // An entry starts the string or follows a newline; its field starts at the index found.
  const at = `\n${positions}`.indexOf(`\n${field}\t`);
  if (at === -1) return undefined;
  const start = at + field.length + 1;
  const [line, column] = positions.slice(start, positions.indexOf("\n", start)).split("\t");
  return { line: Number(line), column: Number(column) };
}

/** An author bio from `content/authors/<slug>.md`. */
export interface AuthorBio {
  readonly file: string;
  readonly absPath: string;
  readonly hash: string;
  readonly bodyOffset: number;
  readonly bodyLine: number;
  readonly slug: string;
  readonly name: string;
  readonly role?: string | undefined;
  readonly email?: string | undefined;
  readonly url?: string | undefined;
}

/** A static page from `content/pages/<name>.md`. */
export interface StaticPage {
  readonly file: string;
  readonly absPath: string;
  readonly hash: string;
  readonly bodyOffset: number;
  readonly bodyLine: number;
  readonly name: string;
  readonly title: string;
  readonly summary?: string | undefined;
  readonly updated?: number | undefined;
  readonly draft: boolean;
}

/** A link to a taxonomy term (section, tag or author) as pages show it. */
export interface TermRef {
  readonly name: string;
  readonly slug: string;
  readonly url: string;
}

/** Where a source's rendered body is kept (see `markdown/render-bodies.ts`). */
export interface BodyRef {
  readonly bodyKey: string;
}

/**
 * An article placed in the site: its validated front matter, its URL, publishing state, terms
 * and the policy blocks it carries. What templates see as `it.article`.
 */
export interface SiteArticle extends Article, Placement, BodyRef {
  readonly readingMinutes: number;
}

/** A section, tag or author with its articles, newest first. */
export interface Term extends TermRef {
  readonly kind: "section" | "tag" | "author";
  readonly description?: string | undefined;
  readonly articles: readonly SiteArticle[];
  readonly bio?: (AuthorBio & BodyRef) | undefined;
}

/**
 * The whole site as one object: every article in the build with its terms and related stories.
 * Made on demand from the index (`BuildResult.site`) for programs and tests that want to look at
 * a built site; builds themselves never hold it.
 */
export interface Site {
  readonly config: ResolvedConfig;
  /** The build time (the injected clock). */
  readonly now: number;
  /** `site.url` or `--base-url`, without a trailing slash. */
  readonly baseUrl: string;
  /** Published (or previewed) articles, newest first. */
  readonly articles: readonly SiteArticle[];
  readonly sections: readonly Term[];
  readonly tags: readonly Term[];
  readonly authors: readonly Term[];
  readonly pages: readonly (StaticPage & BodyRef & { readonly url: string })[];
  /** Related articles per article URL. */
  readonly related: ReadonlyMap<string, readonly SiteArticle[]>;
  /** The next instant at which the published set changes (embargo lift or expiry). */
  readonly nextChange?: number | undefined;
}
