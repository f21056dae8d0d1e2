import type { ResolvedConfig } from "../config/config-schema.js";
import type { SiteArticle } from "../site/model.js";
import { formatIsoInZone } from "../site/time.js";
import type { PageInfo } from "./render-subject.js";

/** One schema.org JSON-LD object; the head partial serialises it with `it.h.json`. */
export type StructuredData = Readonly<Record<string, unknown>>;

/** Makes a root-relative URL absolute (`it.h.abs`). */
export type AbsoluteUrl = (url: string) => string;

/**
 * JSON-LD of an article page: a `NewsArticle` (headline, description, image, dates, authors as
 * `Person` with their author page, the publisher `Organization` with its logo, section and
 * tags) and a `BreadcrumbList` section > article. A byline-less wire story names its `source:`
 * agency as the author. `page` supplies the canonical URL and the share image, so the data
 * says what the page's Open Graph tags say.
 */
export function articleStructuredData(
  config: ResolvedConfig,
  article: SiteArticle,
  page: Pick<PageInfo, "canonical" | "image">,
  abs: AbsoluteUrl,
): StructuredData[] {
  const { timezone, language } = config.site;
  const authors: StructuredData[] =
    article.authorRefs.length > 0
      ? article.authorRefs.map((author) => ({
          "@type": "Person",
          name: author.name,
          url: abs(author.url),
        }))
      : article.source
        ? [{ "@type": "Organization", name: article.source }]
        : [];
  const newsArticle: StructuredData = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: { "@type": "WebPage", "@id": page.canonical },
    url: abs(article.url),
    headline: article.title,
    description: article.summary || undefined,
    image: page.image ? [page.image.url] : undefined,
    datePublished: formatIsoInZone(article.date, timezone),
    dateModified: formatIsoInZone(article.modified, timezone),
    author: authors.length > 0 ? authors : undefined,
    publisher: publisher(config, abs),
    articleSection: article.sectionRef.name,
    keywords: article.tagRefs.length > 0 ? article.tagRefs.map((tag) => tag.name) : undefined,
    inLanguage: language,
  };
  const breadcrumbs: StructuredData = {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: [
      {
        "@type": "ListItem",
        position: 1,
        name: article.sectionRef.name,
        item: abs(article.sectionRef.url),
      },
      { "@type": "ListItem", position: 2, name: article.title, item: abs(article.url) },
    ],
  };
  return [newsArticle, breadcrumbs];
}

/** JSON-LD of the home page: the `WebSite` and its publisher. */
export function homeStructuredData(config: ResolvedConfig, abs: AbsoluteUrl): StructuredData[] {
  const { title, description, language } = config.site;
  return [
    {
      "@context": "https://schema.org",
      "@type": "WebSite",
      name: title,
      url: abs("/"),
      description: description || undefined,
      inLanguage: language,
      publisher: publisher(config, abs),
    },
  ];
}

function publisher(config: ResolvedConfig, abs: AbsoluteUrl): StructuredData {
  const { title, logo } = config.site;
  return {
    "@type": "Organization",
    name: title,
    url: abs("/"),
    logo: logo ? { "@type": "ImageObject", url: abs(logo) } : undefined,
  };
}
