import type { Site, SiteArticle } from "../site/model.js";
import type { SiteView } from "../site/site-view.js";
import { formatIsoInZone } from "../site/time.js";
import type { OutputFile } from "../write/output-file.js";
import { escapeXml, normalizeUrl } from "./xml-text.js";

/** Google News looks back this far: articles published in the 48 hours before the build. */
export const newsWindowMs = 48 * 60 * 60 * 1000;

/** Google News reads at most this many URLs from one news sitemap. */
const newsSitemapMaxUrls = 1000;

/**
 * The articles a news sitemap lists: published, canonical here, and published in the 48 hours
 * up to and including `site.now` (an article exactly 48 hours old is still in; one a
 * millisecond older is out), newest first, at most 1,000.
 */
function newsSitemapArticles(site: NewsSitemapInput): SiteArticle[] {
  const since = site.now - newsWindowMs;
  return site.articles
    .filter(
      (article) =>
        article.visibility === "published" &&
        article.date >= since &&
        article.date <= site.now &&
        (article.canonical === undefined || article.canonical === `${site.baseUrl}${article.url}`),
    )
    .slice(0, newsSitemapMaxUrls);
}

/** What the news sitemap is made from: the site's settings and its newest articles. */
export type NewsSitemapInput = Pick<Site, "config" | "now" | "baseUrl" | "articles">;

/**
 * The articles a news sitemap may list, from the index: the newest first, down to the first
 * one older than the window (the list is newest first, so nothing after it is in the window).
 */
export function recentArticles(view: SiteView): SiteArticle[] {
  const since = view.now - newsWindowMs;
  const ids: number[] = [];
  for (const id of view.model.list("all")) {
    const entry = view.model.entry(id);
    if (!entry || entry.date < since) break;
    ids.push(id);
  }
  return view.articles(ids);
}

/**
 * `/news-sitemap.xml` in the Google News sitemap format: for each recent article its URL, the
 * publication (site title and language), the publication time and the headline. Written even
 * when no article is recent, as an empty `<urlset>`, so `robots.txt` never points to nothing.
 */
export function newsSitemapFile(site: NewsSitemapInput): OutputFile {
  const { title, language, timezone } = site.config.site;
  const publication = `<news:publication><news:name>${escapeXml(title)}</news:name><news:language>${escapeXml(newsLanguage(language))}</news:language></news:publication>`;
  const urls = newsSitemapArticles(site).map(
    (article) =>
      `<url><loc>${escapeXml(normalizeUrl(`${site.baseUrl}${article.url}`))}</loc><news:news>${publication}<news:publication_date>${formatIsoInZone(article.date, timezone)}</news:publication_date><news:title>${escapeXml(article.title)}</news:title></news:news></url>\n`,
  );
  return {
    path: "news-sitemap.xml",
    data: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls.join("")}</urlset>\n`,
  };
}

/**
 * The `news:language` Google News wants: the ISO 639 code of a BCP 47 tag (`en-ZA` -> `en`,
 * `fil-PH` -> `fil`), except Chinese, which it wants as `zh-cn` (Simplified) or `zh-tw`
 * (Traditional: the `Hant` script, or `TW`, `HK`, `MO` without a `Hans` script).
 */
export function newsLanguage(tag: string): string {
  const parts = tag.toLowerCase().split(/[-_]/);
  const primary = parts[0] ?? tag.toLowerCase();
  if (primary !== "zh") return primary;
  const subtags = parts.slice(1);
  if (subtags.includes("hans")) return "zh-cn";
  const traditional = subtags.some((part) => ["hant", "tw", "hk", "mo"].includes(part));
  return traditional ? "zh-tw" : "zh-cn";
}
