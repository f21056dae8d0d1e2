import type { Site, SiteArticle, Term } from "../site/model.js";
import type { PageInfo, RenderedArticleParts } from "../templates/render-pages.js";
import { absolutizeUrls } from "./absolute-urls.js";
import { isPublished } from "./published-articles.js";

/** The share image of an article as feeds carry it: absolute URL and size when known. */
export type FeedImage = NonNullable<PageInfo["image"]>;

/**
 * What feeds need beyond the site model, caught while pages render (the model holds no bodies).
 *
 * Which articles need what is decided up front from the site model, so memory stays bounded
 * however large the archive grows:
 * - full body HTML only for the articles the site-wide feeds carry in full: the latest
 *   `feeds.items` published articles, and none at all when `feeds.content` is `"summary"`.
 *   At most `feeds.items` bodies are ever held.
 * - the share image (a URL and a size, no pixels) for every article some feed lists.
 *
 * Section and tag feeds therefore carry summaries, never full text: holding the latest
 * `feeds.items` bodies of every section and every tag would grow with the number of tags, which
 * grows with the archive.
 */
export interface FeedContent {
  /** The render hook (`RenderContext.articleRendered`): keeps what a feed will need, drops the rest. */
  readonly collect: (article: SiteArticle, parts: RenderedArticleParts) => Promise<void>;
  /** The body HTML of an article carried in full, with absolute URLs; undefined otherwise. */
  body(article: SiteArticle): string | undefined;
  /** The share image of a listed article, when it has one. */
  image(article: SiteArticle): FeedImage | undefined;
}

/**
 * The articles a feed of `articles` (newest first) carries: the latest `feeds.items` published
 * ones. Preview builds (`--drafts`, `--future`) never put an unpublished article in a feed.
 */
export function feedItems(site: Site, articles: readonly SiteArticle[]): SiteArticle[] {
  const items: SiteArticle[] = [];
  for (const article of articles) {
    if (items.length >= site.config.feeds.items) break;
    if (isPublished(article)) items.push(article);
  }
  return items;
}

/**
 * Whether a term has its own RSS feed: every section does, a tag does when it has a published
 * article (a tag that only previewed articles carry gets a page in a preview build, but no
 * feed), an author does not.
 */
export function hasOwnFeed(term: Term): boolean {
  if (term.kind === "section") return true;
  return term.kind === "tag" && term.articles.some(isPublished);
}

/** The sections and tags that have their own RSS feed. */
export function termsWithFeeds(site: Site): readonly Term[] {
  return [...site.sections, ...site.tags].filter(hasOwnFeed);
}

/** Decides, from the site model, what to keep of each article as pages render. */
export function createFeedContent(site: Site): FeedContent {
  const siteItems = feedItems(site, site.articles);
  const fullText = new Set(
    site.config.feeds.content === "full" ? siteItems.map((article) => article.url) : [],
  );
  const listed = new Set(siteItems.map((article) => article.url));
  for (const term of termsWithFeeds(site)) {
    for (const article of feedItems(site, term.articles)) listed.add(article.url);
  }
  const bodies = new Map<string, string>();
  const images = new Map<string, FeedImage>();
  return {
    async collect(article, parts) {
      if (fullText.has(article.url)) {
        bodies.set(
          article.url,
          absolutizeUrls(await parts.html(), site.baseUrl, `${site.baseUrl}${article.url}`),
        );
      }
      if (parts.image && listed.has(article.url)) images.set(article.url, parts.image);
    },
    body: (article) => bodies.get(article.url),
    image: (article) => images.get(article.url),
  };
}
