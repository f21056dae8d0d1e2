import type { Site, SiteArticle } from "../site/model.js";

/**
 * Whether an article is published at build time. Preview builds (`--drafts`, `--future`) render
 * hidden articles as pages, but feeds and sitemaps only ever list published ones.
 */
export function isPublished(article: SiteArticle): boolean {
  return article.visibility === "published";
}

/**
 * Whether an article's canonical URL is its own page on this site, not another site's
 * (`canonical:` on syndicated copy). Sitemaps list canonical URLs only.
 */
export function isCanonicalHere(site: Site, article: SiteArticle): boolean {
  return article.canonical === undefined || article.canonical === `${site.baseUrl}${article.url}`;
}
