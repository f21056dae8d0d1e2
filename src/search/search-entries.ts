import type { PublishedImage } from "../images/image-registry.js";
import { isPublished } from "../outputs/published-articles.js";
import type { ImageRef, Site, SiteArticle } from "../site/model.js";
import { formatDisplayDate, formatIsoInZone } from "../site/time.js";
import type { SearchEntry, Thumbnail } from "./search-record.js";

/** What entries are made from besides the site model. */
export interface EntrySources {
  /** The cache key of a source file's rendered body (`RenderedBodies.keyOf`). */
  bodyKey(file: string): string | undefined;
  /** The published hero image (already published by the article's page: this only looks it up). */
  image(file: string): Promise<PublishedImage>;
}

/**
 * The search entries of a site: its published articles, newest first, then its published static
 * pages. Drafts, embargoed and expired articles are never entries, in preview builds neither
 * (as in feeds): the index is a public file.
 */
export async function searchEntries(site: Site, sources: EntrySources): Promise<SearchEntry[]> {
  const { timezone, language } = site.config.site;
  const entries: SearchEntry[] = [];
  for (const article of site.articles) {
    if (!isPublished(article)) continue;
    entries.push({
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
      thumbnail: await thumbnail(article, sources),
      bodyKey: sources.bodyKey(article.file) ?? "",
      source: article,
    });
  }
  for (const page of site.pages) {
    if (page.draft) continue;
    entries.push({
      url: page.url,
      title: page.title,
      summary: page.summary ?? "",
      kind: "page",
      tags: [],
      authors: [],
      bodyKey: sources.bodyKey(page.file) ?? "",
      source: page,
    });
  }
  return entries;
}

/** The smallest rendition of the hero in the fallback format (every browser shows it). */
async function thumbnail(
  article: SiteArticle,
  sources: EntrySources,
): Promise<Thumbnail | undefined> {
  const hero: ImageRef | undefined = article.image;
  if (!hero) return undefined;
  if (!hero.file) return { url: hero.src, width: hero.width, height: hero.height };
  let published: PublishedImage;
  try {
    published = await sources.image(hero.file);
  } catch {
    // The article's page has reported the image; its result goes without a thumbnail.
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
