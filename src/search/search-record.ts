import type { SearchConfig } from "../config/config-schema.js";
import type { BodySourceRef } from "../markdown/render-bodies.js";

/** A thumbnail for a result: a small published rendition of the hero image. */
export interface Thumbnail {
  readonly url: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/**
 * What one search result is made of, known from the site model without reading its body: the
 * body is named by its source and its body key, and read only when its bucket is rebuilt.
 */
export interface SearchEntry {
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly kind: "article" | "page";
  /** Publication time (articles only). */
  readonly date?: number | undefined;
  /** `2026-11-17T09:30:00+02:00`, in the site's timezone (articles only). */
  readonly dateIso?: string | undefined;
  /** `17 November 2026`, as pages show dates (articles only). */
  readonly dateLabel?: string | undefined;
  readonly section?: { readonly name: string; readonly url: string } | undefined;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly thumbnail?: Thumbnail | undefined;
  /** The rendered body's cache key: the body text is a function of it. */
  readonly bodyKey: string;
  readonly source: BodySourceRef;
}

/** A record as Pagefind's `addCustomRecord` takes it. */
export interface PagefindRecord {
  readonly url: string;
  readonly content: string;
  readonly language: string;
  readonly meta: Record<string, string>;
  readonly filters: Record<string, string[]>;
  readonly sort: Record<string, string>;
}

/**
 * The sort key of every record: the publication time in UTC, which sorts as text. Static pages
 * sort before every article, and each bucket's sentinel before those (see `search-bucket.ts`).
 */
export const sortKey = "date";
const pageSortValue = "0001";
export const sentinelSortValue = "0000";

/** The Pagefind record of an entry, given its body text. */
export function searchRecord(
  entry: SearchEntry,
  content: string,
  language: string,
  config: SearchConfig,
): PagefindRecord {
  const meta: Record<string, string> = { title: entry.title, kind: entry.kind };
  if (entry.summary) meta.summary = entry.summary;
  if (entry.dateIso) meta.date = entry.dateIso;
  if (entry.dateLabel) meta.date_label = entry.dateLabel;
  if (entry.section) {
    meta.section = entry.section.name;
    meta.section_url = entry.section.url;
  }
  if (entry.thumbnail) {
    meta.image = entry.thumbnail.url;
    if (entry.thumbnail.width) meta.image_width = String(entry.thumbnail.width);
    if (entry.thumbnail.height) meta.image_height = String(entry.thumbnail.height);
  }
  const values: Record<SearchConfig["filters"][number], readonly string[]> = {
    section: entry.section ? [entry.section.name] : [],
    tag: entry.tags,
    author: entry.authors,
  };
  const filters: Record<string, string[]> = {};
  for (const name of config.filters) if (values[name].length > 0) filters[name] = [...values[name]];
  return {
    url: entry.url,
    // Pagefind searches the `title` meta field too, and ranks a match there above one in the body.
    content,
    language,
    meta,
    filters,
    sort: {
      [sortKey]: entry.date === undefined ? pageSortValue : new Date(entry.date).toISOString(),
    },
  };
}
