import type { PublishedImage } from "../images/image-registry.js";
import type { ImageRef, SiteArticle } from "../site/model.js";
import type { PlacedPage, SiteView } from "../site/site-view.js";
import { formatDisplayDate, formatIsoInZone } from "../site/time.js";
import { bucketArticleIds } from "./plan-buckets.js";
import type { SearchEntry, Thumbnail } from "./search-record.js";

/**
 * The search entries of one bucket: a day's or a month's published articles, newest first, or
 * (the primary bucket, `""`) the published static pages. Drafts, embargoed and expired articles are
 * never entries, in preview builds neither (as in feeds): the index is a public file. How many
 * there are is known at once; each entry is made when it is asked for, so indexing can start
 * with the first while the rest are read.
 */
export function bucketEntries(
  view: SiteView,
  name: string,
  image: (file: string) => Promise<PublishedImage>,
): {
  readonly count: number;
  readonly entries: AsyncIterable<SearchEntry> | Iterable<SearchEntry>;
} {
  if (name === "") {
    const pages = view.pages.filter((page) => !page.draft).map(pageEntry);
    return { count: pages.length, entries: pages };
  }
  const ids = bucketArticleIds(view, name);
  async function* articles() {
    for (const id of ids) yield await articleEntry(view, view.article(id), image);
  }
  return { count: ids.length, entries: articles() };
}

async function articleEntry(
  view: SiteView,
  article: SiteArticle,
  image: (file: string) => Promise<PublishedImage>,
): Promise<SearchEntry> {
  const { timezone, language } = view.config.site;
  return {
    url: article.url,
    title: article.title,
    summary: article.summary,
    kind: "article",
    date: article.date,
    dateIso: formatIsoInZone(article.date, timezone),
    dateLabel: formatDisplayDate(article.date, timezone, language, false),
    section: { name: article.sectionRef.name, url: article.sectionRef.url },
    tags: article.tagRefs.map((tag) => tag.name),
    authors: article.authorRefs.map((author) => author.name),
    thumbnail: await thumbnail(article, image),
    bodyKey: article.bodyKey,
    source: article,
  };
}

function pageEntry(page: PlacedPage): SearchEntry {
  return {
    url: page.url,
    title: page.title,
    summary: page.summary ?? "",
    kind: "page",
    tags: [],
    authors: [],
    bodyKey: page.bodyKey,
    source: page,
  };
}

/** The smallest rendition of the hero in the fallback format (every browser shows it). */
async function thumbnail(
  article: SiteArticle,
  image: (file: string) => Promise<PublishedImage>,
): Promise<Thumbnail | undefined> {
  const hero: ImageRef | undefined = article.image;
  if (!hero) return undefined;
  if (!hero.file) return { url: hero.src, width: hero.width, height: hero.height };
  let published: PublishedImage;
  try {
    published = await image(hero.file);
  } catch {
    // The article's page reports the image; its result goes without a thumbnail.
    return undefined;
  }
  const smallest = published.srcset?.split(",")[0]?.trim().split(/\s+/);
  const width = Number(smallest?.[1]?.replace(/w$/, ""));
  if (!smallest?.[0] || !Number.isFinite(width) || width <= 0) {
    return { url: published.url, width: published.width, height: published.height };
  }
  return {
    url: smallest[0],
    width,
    height: Math.round((width * published.height) / published.width),
  };
}
