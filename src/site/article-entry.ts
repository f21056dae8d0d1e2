import { hashKey } from "../cache/hash.js";
import type { CommentsMode } from "../config/config-schema.js";
import type { Article } from "./model.js";

/**
 * What the site index keeps of one article file between builds: what assembly needs to place
 * it (publishing state, section, terms, URL), what planning needs to know who shows it (a
 * digest of everything other pages show of it), and where its body and images are. No text a
 * page shows is here: that is the validated record, read only when a page showing it renders.
 */
export interface ArticleEntry {
  /** Stable number of the article in the index (list and related references use it). */
  readonly id: number;
  /** Path relative to the site root. */
  readonly file: string;
  /** Identity of the file's bytes (see `cache/content-id.ts`). */
  readonly contentId: string;
  readonly date: number;
  readonly updated?: number | undefined;
  readonly expires?: number | undefined;
  readonly draft: boolean;
  readonly section: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly slug: string;
  readonly aliases: readonly string[];
  readonly canonical?: string | undefined;
  readonly disclaimer?: string | undefined;
  readonly comments?: CommentsMode | undefined;
  readonly donate: boolean;
  /**
   * Digest of what other pages show of the article (cards, feeds, related blocks, metadata):
   * its text fields and its hero, not its body, gallery, corrections or credits.
   */
  readonly listing: string;
  /** Its URL under the config's permalinks; undefined when that URL is unsafe (an error). */
  readonly url?: string | undefined;
  /** Key of the rendered body in the body store. */
  readonly bodyKey: string;
  /** The local hero image file (absolute), shown by cards and the home page's lead. */
  readonly hero?: string | undefined;
  /** Local gallery image files (absolute). */
  readonly gallery: readonly string[];
}

/** The fields of an {@link ArticleEntry} that come from the validated article alone. */
export type EntryFacts = Omit<ArticleEntry, "id" | "contentId" | "bodyKey" | "url">;

/** The entry facts of a validated article. */
export function entryFacts(article: Article): EntryFacts {
  return {
    file: article.file,
    date: article.date,
    updated: article.updated,
    expires: article.expires,
    draft: article.draft,
    section: article.section,
    tags: article.tags,
    authors: article.authors,
    slug: article.slug,
    aliases: article.aliases,
    canonical: article.canonical,
    disclaimer: article.disclaimer,
    comments: article.comments,
    donate: article.donate,
    listing: listingDigest(article),
    hero: article.image?.file,
    gallery: article.gallery.flatMap((image) => (image.file ? [image.file] : [])),
  };
}

/**
 * Digest of what any page other than the article's own shows of it: a card (title, summary,
 * date, section, tags), the home page's lead (hero), feeds (authors, source and dateline, which
 * open a full-text item's body, updated time, share image) and metadata (canonical URL). A
 * body-only edit leaves it unchanged, so no listing re-renders for it.
 */
function listingDigest(article: Article): string {
  return hashKey(
    article.title,
    article.summary,
    article.date,
    article.updated ?? null,
    article.section,
    article.tags,
    article.authors,
    article.source ?? null,
    article.dateline ?? null,
    article.canonical ?? null,
    article.image ?? null,
  ).slice(0, 32);
}
