import type { ArticleEntry } from "../site/article-entry.js";
import type { SiteView } from "../site/site-view.js";
import type { OutputFile } from "../write/output-file.js";
import { createIsoFormatter } from "./iso-formatter.js";
import { escapeXml, normalizeUrl } from "./xml-text.js";

/** One URL of a sitemap. */
export interface SitemapEntry {
  /** Absolute URL of the page. */
  readonly loc: string;
  /** When the page last changed (epoch milliseconds), when that is known. */
  readonly lastmod?: number | undefined;
}

/** Limits and formatting of {@link sitemapFiles}. */
export interface SitemapOptions {
  /** `site.url` or `--base-url`, without a trailing slash: where the parts are served. */
  readonly baseUrl: string;
  /** Timezone `lastmod` is written in. */
  readonly timeZone: string;
  /** URLs per file; the protocol allows at most 50,000. */
  readonly maxUrls?: number | undefined;
  /** Bytes per file, uncompressed; the protocol allows at most 50 MiB (52,428,800). */
  readonly maxBytes?: number | undefined;
}

/** The protocol's limits per sitemap file (sitemaps.org). */
const sitemapLimits = { maxUrls: 50_000, maxBytes: 52_428_800 } as const;

const urlsetOpen =
  '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
const urlsetClose = "</urlset>\n";
const indexOpen =
  '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
const indexClose = "</sitemapindex>\n";

/**
 * Writes `sitemap.xml`. While every entry fits one file (50,000 URLs and 50 MiB by default) it
 * is a plain `<urlset>`; beyond that the entries go to numbered parts,
 * `sitemaps/sitemap-1.xml`, `sitemaps/sitemap-2.xml`, ..., and `sitemap.xml` becomes the
 * `<sitemapindex>` that lists them. Entries are written in the order given. Parts are yielded
 * as soon as they are full, so memory holds one part at a time, not the whole list.
 */
export function* sitemapFiles(
  entries: Iterable<SitemapEntry>,
  options: SitemapOptions,
): Generator<OutputFile> {
  const maxUrls = options.maxUrls ?? sitemapLimits.maxUrls;
  const maxBytes = options.maxBytes ?? sitemapLimits.maxBytes;
  const fixedBytes = byteLength(urlsetOpen) + byteLength(urlsetClose);
  const iso = createIsoFormatter(options.timeZone);
  const parts: { loc: string; lastmod: number | undefined }[] = [];
  let chunks: string[] = [];
  let bytes = fixedBytes;
  let lastmod: number | undefined;

  const flush = (): OutputFile => {
    const loc = `${options.baseUrl}/sitemaps/sitemap-${parts.length + 1}.xml`;
    parts.push({ loc, lastmod });
    const file = { path: `sitemaps/sitemap-${parts.length}.xml`, data: urlset(chunks) };
    chunks = [];
    bytes = fixedBytes;
    lastmod = undefined;
    return file;
  };

  for (const entry of entries) {
    const chunk = urlElement(entry, iso);
    const size = byteLength(chunk);
    if (fixedBytes + size > maxBytes) {
      throw new RangeError(`one sitemap entry is larger than ${maxBytes} bytes: ${entry.loc}`);
    }
    if (chunks.length >= maxUrls || bytes + size > maxBytes) yield flush();
    chunks.push(chunk);
    bytes += size;
    if (entry.lastmod !== undefined && (lastmod === undefined || entry.lastmod > lastmod)) {
      lastmod = entry.lastmod;
    }
  }

  if (parts.length === 0) {
    yield { path: "sitemap.xml", data: urlset(chunks) };
    return;
  }
  if (chunks.length > 0) yield flush();
  const listed = parts.map(
    (part) =>
      `<sitemap><loc>${escapeXml(normalizeUrl(part.loc))}</loc>${lastmodElement(part.lastmod, iso)}</sitemap>\n`,
  );
  yield { path: "sitemap.xml", data: `${indexOpen}${listed.join("")}${indexClose}` };
}

/**
 * Every page of the site a search engine should index, with `lastmod` where the content says
 * when it changed: the home page, published articles, sections, tag and author pages with at
 * least one published article, and static pages. Left out: later listing pages (`/page/2/`,
 * which only repeat links the sitemap already has), the 404 page, redirect pages, preview-only
 * articles (`--drafts`, `--future`), and articles whose `canonical:` names another URL (a
 * sitemap lists canonical URLs only). Read from the index alone: no article text is needed.
 */
export function* siteSitemapEntries(view: SiteView): Generator<SitemapEntry> {
  const abs = (url: string) => `${view.baseUrl}${url}`;
  const model = view.model;
  const published = (key: string): ArticleEntry[] =>
    model
      .list(key)
      .map((id) => model.entry(id) as ArticleEntry)
      .filter((entry) => !entry.draft && entry.date <= view.now);
  const all = published("all");
  yield { loc: abs("/"), lastmod: newestModified(all) };
  for (const entry of all) {
    if (entry.canonical === undefined || entry.canonical === abs(entry.url as string))
      yield { loc: abs(entry.url as string), lastmod: entry.updated ?? entry.date };
  }
  for (const id of view.sectionIds()) {
    yield { loc: abs(view.term(`s:${id}`).url), lastmod: newestModified(published(`s:${id}`)) };
  }
  const keys = model.listKeys();
  for (const key of [
    ...keys.filter((k) => k.startsWith("t:")),
    ...keys.filter((k) => k.startsWith("a:")),
  ]) {
    const entries = published(key);
    if (entries.length > 0)
      yield { loc: abs(view.term(key).url), lastmod: newestModified(entries) };
  }
  for (const page of view.pages) {
    if (!page.draft) yield { loc: abs(page.url), lastmod: page.updated };
  }
}

function newestModified(entries: readonly ArticleEntry[]): number | undefined {
  let newest: number | undefined;
  for (const entry of entries) {
    const modified = entry.updated ?? entry.date;
    if (newest === undefined || modified > newest) newest = modified;
  }
  return newest;
}

function urlElement(entry: SitemapEntry, iso: (epochMs: number) => string): string {
  return `<url><loc>${escapeXml(normalizeUrl(entry.loc))}</loc>${lastmodElement(entry.lastmod, iso)}</url>\n`;
}

function lastmodElement(lastmod: number | undefined, iso: (epochMs: number) => string): string {
  return lastmod === undefined ? "" : `<lastmod>${iso(lastmod)}</lastmod>`;
}

function urlset(chunks: readonly string[]): string {
  return `${urlsetOpen}${chunks.join("")}${urlsetClose}`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
