import type { Site, SiteArticle } from "../site/model.js";
import { createIsoFormatter } from "./iso-formatter.js";
import type { OutputFile } from "./output-file.js";
import { isCanonicalHere, isPublished } from "./published-articles.js";
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
export const sitemapLimits = { maxUrls: 50_000, maxBytes: 52_428_800 } as const;

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
 * sitemap lists canonical URLs only).
 */
export function* siteSitemapEntries(site: Site): Generator<SitemapEntry> {
  const abs = (url: string) => `${site.baseUrl}${url}`;
  const published = site.articles.filter(isPublished);
  yield { loc: abs("/"), lastmod: newestModified(published) };
  for (const article of published) {
    if (isCanonicalHere(site, article)) yield { loc: abs(article.url), lastmod: article.modified };
  }
  for (const section of site.sections) {
    yield { loc: abs(section.url), lastmod: newestModified(section.articles.filter(isPublished)) };
  }
  for (const term of [...site.tags, ...site.authors]) {
    const articles = term.articles.filter(isPublished);
    if (articles.length > 0) yield { loc: abs(term.url), lastmod: newestModified(articles) };
  }
  for (const page of site.pages) {
    if (!page.draft) yield { loc: abs(page.url), lastmod: page.updated };
  }
}

function newestModified(articles: readonly SiteArticle[]): number | undefined {
  let newest: number | undefined;
  for (const article of articles) {
    if (newest === undefined || article.modified > newest) newest = article.modified;
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
