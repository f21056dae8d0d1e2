import { aliasPath, listingPath } from "../plan/plan-outputs.js";
import type { Subject } from "../plan/subject.js";
import { urlToOutputPath } from "../site/check-url-path.js";
import { hasOwnFeed, siteFeedLinks } from "../site/feed-links.js";
import type { SiteView } from "../site/site-view.js";

/**
 * The output paths a subject is known to make before it is rendered, whichever shard renders
 * it: a page's file from its URL, the feeds, `public/` copies, the theme's hashed assets. A shard
 * checks its bodies' links against these, since the pages they point to are mostly another
 * shard's. Not predicted: the names of image variants and sitemap parts, which hold a hash of
 * bytes or a count only rendering gives (no body links to those).
 */
export function predictedPaths(
  view: SiteView,
  subject: Subject,
  assetPaths: readonly string[],
): string[] {
  switch (subject.kind) {
    case "article": {
      const url = view.model.entry(subject.id)?.url;
      return url ? [urlToOutputPath(url)] : [];
    }
    case "listing":
      return [listingPath(view, subject.list, subject.page)];
    case "home":
      return ["index.html"];
    case "notFound":
      return ["404.html"];
    case "page": {
      const page = view.pages.find((placed) => placed.file === subject.file);
      return page ? [urlToOutputPath(page.url)] : [];
    }
    case "alias":
      return [aliasPath(subject.from)];
    case "redirects":
      return ["_redirects"];
    case "siteFeeds":
      return siteFeedLinks(view.config.site.title).map((link) => link.url.slice(1));
    case "termFeed": {
      if (!hasOwnFeed(view, subject.list)) return [];
      const url = view.term(subject.list).url;
      return [`${(url.endsWith("/") ? url : `${url}/`).slice(1)}feed.xml`];
    }
    case "sitemap":
      return ["sitemap.xml"];
    case "newsSitemap":
      return ["news-sitemap.xml"];
    case "robots":
      return ["robots.txt"];
    case "assets":
      return [...assetPaths];
    case "public":
      return [subject.file];
    default:
      return [];
  }
}
