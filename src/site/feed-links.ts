import type { SiteView, TermInfo } from "./site-view.js";

/** A feed a page head links to with `<link rel="alternate">`. */
export interface FeedLink {
  /** Root-relative URL of the feed. */
  readonly url: string;
  readonly title: string;
  /** MIME type for the link's `type` attribute. */
  readonly type: string;
}

/** The site-wide feeds, in the order page heads list them. */
export function siteFeedLinks(siteTitle: string): FeedLink[] {
  return [
    { url: "/feed.xml", title: siteTitle, type: "application/rss+xml" },
    { url: "/atom.xml", title: `${siteTitle} (Atom)`, type: "application/atom+xml" },
    { url: "/feed.json", title: `${siteTitle} (JSON Feed)`, type: "application/feed+json" },
  ];
}

/**
 * Whether a term has its own RSS feed: every section does, a tag does when it has a published
 * article (a tag that only previewed articles carry gets a page in a preview build, but no
 * feed), an author does not.
 */
export function hasOwnFeed(view: SiteView, key: string): boolean {
  if (key.startsWith("s:")) return true;
  if (!key.startsWith("t:")) return false;
  const model = view.model;
  return model.list(key).some((id) => {
    const entry = model.entry(id);
    return entry !== undefined && !entry.draft && entry.date <= view.now;
  });
}

/**
 * The RSS feed of a section or tag page, `<term url>feed.xml` (`/tag/covid-19/feed.xml`), or
 * undefined for a term without one (see {@link hasOwnFeed}).
 */
export function termFeedLink(view: SiteView, term: TermInfo, key: string): FeedLink | undefined {
  if (!hasOwnFeed(view, key)) return undefined;
  const base = term.url.endsWith("/") ? term.url : `${term.url}/`;
  return {
    url: `${base}feed.xml`,
    title: `${term.kind === "tag" ? `Topic: ${term.name}` : term.name} | ${view.config.site.title}`,
    type: "application/rss+xml",
  };
}
