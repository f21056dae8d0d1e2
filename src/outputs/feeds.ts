import { type Extension, Feed, type FeedOptions, type Item } from "feed";
import { hasOwnFeed, siteFeedLinks, termFeedLink } from "../site/feed-links.js";
import type { SiteArticle, TermRef } from "../site/model.js";
import type { SiteView } from "../site/site-view.js";
import { formatIsoInZone } from "../site/time.js";
import {
  articleBodyHtml,
  articleShareImage,
  type RenderContext,
} from "../templates/render-subject.js";
import { escapeHtml } from "../templates/template-helpers.js";
import type { OutputFile } from "../write/output-file.js";
import { absolutizeUrls } from "./absolute-urls.js";
import { toXmlCharacters } from "./xml-text.js";

/** The share image of an article as feeds carry it: absolute URL and size when known. */
type FeedImage = {
  readonly url: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly alt: string;
};

/** What a feed carries of its items besides their metadata: full-text bodies and share images. */
interface FeedContent {
  /** The body HTML of an article carried in full, with absolute URLs; undefined otherwise. */
  body(article: SiteArticle): string | undefined;
  image(article: SiteArticle): FeedImage | undefined;
  /** The templates the bodies' story blocks used. */
  readonly templates: readonly string[];
}

/** The site-wide feeds, and the templates their full-text bodies used. */
export interface SiteFeeds {
  readonly files: readonly OutputFile[];
  readonly templates: readonly string[];
}

/**
 * The ids a feed of a list carries: its latest `feeds.items` published articles, newest first.
 * Preview builds (`--drafts`, `--future`) never put an unpublished article in a feed.
 */
export function feedItemIds(view: SiteView, key: string): number[] {
  const items: number[] = [];
  const max = view.config.feeds.items;
  for (const id of view.model.list(key)) {
    if (items.length >= max) break;
    const entry = view.model.entry(id);
    if (entry && !entry.draft && entry.date <= view.now) items.push(id);
  }
  return items;
}

/**
 * The site-wide feeds: RSS 2.0 `/feed.xml`, Atom 1.0 `/atom.xml` and JSON Feed 1.1
 * `/feed.json`, each listing the latest `feeds.items` published articles, newest first, with
 * absolute URLs, carrying full text when `feeds.content` is `"full"`. A feed's own date
 * (`lastBuildDate`, `updated`) is the newest modified time among its items, or the build time
 * when it has none, so the same content and `--now` give byte-identical feeds. Full-text bodies
 * render their story blocks: the templates they used are the feeds' (a change re-renders them).
 */
export async function siteFeedFiles(context: RenderContext): Promise<SiteFeeds> {
  const { view } = context;
  const items = view.articles(feedItemIds(view, "all"));
  const content = await feedContent(context, items, view.config.feeds.content === "full");
  const channel: Channel = {
    title: view.config.site.title,
    description: view.config.site.description,
    page: "/",
    items,
    fullText: true,
  };
  const [rss, atom, json] = siteFeedLinks(view.config.site.title);
  return {
    files: [
      { path: "feed.xml", data: rssFeed(view, content, channel, rss?.url ?? "/feed.xml") },
      { path: "atom.xml", data: atomFeed(view, content, channel, atom?.url ?? "/atom.xml") },
      { path: "feed.json", data: jsonFeed(view, content, channel, json?.url ?? "/feed.json") },
    ],
    templates: content.templates,
  };
}

/**
 * The RSS feed of a section or tag (`/tag/covid-19/feed.xml`), or undefined for one without a
 * feed. Section and tag feeds carry summaries, never full text: holding the latest bodies of
 * every section and tag would grow with the number of tags, which grows with the archive.
 */
export async function termFeedFile(
  context: RenderContext,
  key: string,
): Promise<OutputFile | undefined> {
  const { view } = context;
  if (!hasOwnFeed(view, key)) return undefined;
  const term = view.term(key);
  const link = termFeedLink(view, term, key);
  if (!link) return undefined;
  const items = view.articles(feedItemIds(view, key));
  const channel: Channel = {
    title: link.title,
    description: term.description ?? `${term.name}: the latest stories`,
    page: term.url,
    items,
    fullText: false,
    tag: term.kind === "tag" ? term : undefined,
  };
  return {
    path: link.url.slice(1),
    data: rssFeed(view, await feedContent(context, items, false), channel, link.url),
  };
}

/** Reads the bodies and publishes the share images a feed's items need. */
async function feedContent(
  context: RenderContext,
  items: readonly SiteArticle[],
  fullText: boolean,
): Promise<FeedContent> {
  const { view } = context;
  const bodies = new Map<string, string>();
  const images = new Map<string, FeedImage>();
  const templates = new Set<string>();
  for (const article of items) {
    if (fullText) {
      const body = await articleBodyHtml(context, article);
      for (const name of body.templates) templates.add(name);
      bodies.set(
        article.url,
        absolutizeUrls(body.html, view.baseUrl, `${view.baseUrl}${article.url}`),
      );
    }
    const image = await articleShareImage(context, article);
    if (image) images.set(article.url, image);
  }
  return {
    body: (article) => bodies.get(article.url),
    image: (article) => images.get(article.url),
    templates: [...templates].sort(),
  };
}

/** One feed's subject: its title, its HTML page and its items. */
interface Channel {
  readonly title: string;
  readonly description: string;
  /** Root-relative URL of the HTML page the feed mirrors. */
  readonly page: string;
  readonly items: readonly SiteArticle[];
  /** Whether items carry their body when the site's feeds are full text. */
  readonly fullText: boolean;
  /**
   * The tag of a tag feed. Its items name their section and this tag only: a story is in one
   * tag feed per tag, so listing every tag in each would grow with the square of its tag count
   * (3,000 tags: 9 million categories). The site and section feeds, where each story appears
   * once, name all its tags.
   */
  readonly tag?: TermRef | undefined;
}

const dublinCore = "http://purl.org/dc/elements/1.1/";
const mediaRss = "http://search.yahoo.com/mrss/";

function rssFeed(site: SiteView, content: FeedContent, channel: Channel, self: string): string {
  const abs = absolute(site);
  const feed = new Feed(feedOptions(site, channel, { rss: abs(self) }));
  for (const article of channel.items) {
    const image = content.image(article);
    const extensions: Extension[] = [];
    // RSS <author> must be an e-mail address; bylines go in dc:creator, as news sites do.
    // `feed` declares namespaces only for what it knows, so each extension declares its own.
    for (const author of article.authorRefs) {
      extensions.push({
        name: "dc:creator",
        objects: { _attributes: { "xmlns:dc": dublinCore }, _text: text(author.name) },
      });
    }
    if (image) extensions.push({ name: "media:content", objects: mediaContent(image) });
    const type = image ? imageType(image.url) : undefined;
    feed.addItem({
      ...commonItem(site, content, channel, article),
      title: text(article.title),
      category: [article.sectionRef, ...(channel.tag ? [channel.tag] : article.tagRefs)].map(
        (term) => ({ name: text(term.name), domain: attribute(abs(term.url)) }),
      ),
      enclosure: image && type ? { url: image.url, type, length: 0 } : undefined,
      extensions: mergeExtensions(extensions),
    });
  }
  return `${feed.rss2()}\n`;
}

function atomFeed(site: SiteView, content: FeedContent, channel: Channel, self: string): string {
  const abs = absolute(site);
  const feed = new Feed(feedOptions(site, channel, { atom: abs(self) }));
  for (const article of channel.items) {
    const image = content.image(article);
    feed.addItem({
      ...commonItem(site, content, channel, article),
      // Atom titles are declared type="html", so plain text is escaped once.
      title: text(escapeHtml(article.title)),
      author: article.authorRefs.map((author) => ({
        name: text(author.name),
        link: abs(author.url),
      })),
      // `feed` escapes `&` in category attributes but not `<`; a name with `<` falls back to its slug.
      category: [article.sectionRef, ...article.tagRefs].map((term) => ({
        term: text(term.name.includes("<") ? term.slug : term.name),
      })),
      image: image?.url,
    });
  }
  // `feed` derives an Atom enclosure's type from the file extension: `.jpg` would say image/jpg.
  return `${feed
    .atom1()
    .replace(/(<link rel="enclosure" href="[^"]*" type=")image\/jpg"/g, '$1image/jpeg"')}\n`;
}

/**
 * JSON Feed 1.1, written directly: `feed`'s `json1()` emits version 1 (`author`, no `authors`
 * or `language`), and JSON needs no escaping library.
 */
function jsonFeed(site: SiteView, content: FeedContent, channel: Channel, self: string): string {
  const abs = absolute(site);
  const { timezone, language, logo } = site.config.site;
  const document = {
    version: "https://jsonfeed.org/version/1.1",
    title: channel.title,
    home_page_url: abs(channel.page),
    feed_url: abs(self),
    description: channel.description || undefined,
    icon: logo ? abs(logo) : undefined,
    language,
    authors: [{ name: site.config.site.title, url: abs("/") }],
    items: channel.items.map((article) => {
      const body = channel.fullText ? content.body(article) : undefined;
      return {
        id: abs(article.url),
        url: abs(article.url),
        title: article.title,
        content_html: body,
        content_text: body === undefined ? article.summary : undefined,
        summary: article.summary || undefined,
        image: content.image(article)?.url,
        date_published: formatIsoInZone(article.date, timezone),
        date_modified:
          article.updated === undefined ? undefined : formatIsoInZone(article.updated, timezone),
        authors:
          article.authorRefs.length > 0
            ? article.authorRefs.map((author) => ({ name: author.name, url: abs(author.url) }))
            : undefined,
        tags: article.tagRefs.length > 0 ? article.tagRefs.map((tag) => tag.name) : undefined,
      };
    }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function feedOptions(
  site: SiteView,
  channel: Channel,
  feedLinks: FeedOptions["feedLinks"],
): FeedOptions {
  const abs = absolute(site);
  const { title, language, logo } = site.config.site;
  return {
    id: abs(channel.page),
    title: text(channel.title),
    description: text(channel.description),
    link: abs(channel.page),
    language,
    image: logo ? abs(logo) : undefined,
    updated: new Date(newestModified(channel.items) ?? site.now),
    generator: "Newsdeck",
    feedLinks,
    author: { name: text(title), link: abs("/") },
  };
}

/** The fields RSS and Atom items share. */
function commonItem(
  site: SiteView,
  content: FeedContent,
  channel: Channel,
  article: SiteArticle,
): Omit<Item, "title"> {
  const body = channel.fullText ? content.body(article) : undefined;
  return {
    link: absolute(site)(article.url),
    // RSS pubDate and Atom <published> come from `published`; Atom <updated> from `date`.
    date: new Date(article.modified),
    published: new Date(article.date),
    description: article.summary ? text(escapeHtml(article.summary)) : undefined,
    content: body === undefined ? undefined : text(body),
  };
}

function mediaContent(image: FeedImage): Record<string, unknown> {
  const type = imageType(image.url);
  return {
    _attributes: {
      "xmlns:media": mediaRss,
      url: attribute(image.url),
      medium: "image",
      ...(type ? { type } : {}),
      ...(image.width ? { width: image.width } : {}),
      ...(image.height ? { height: image.height } : {}),
    },
    ...(image.alt ? { "media:description": { _text: text(image.alt) } } : {}),
  };
}

/** Extensions with one name (several bylines) become one repeated element. */
function mergeExtensions(extensions: readonly Extension[]): Extension[] {
  const byName = new Map<string, Record<string, unknown>[]>();
  for (const extension of extensions) {
    const list = byName.get(extension.name) ?? [];
    list.push(extension.objects);
    byName.set(extension.name, list);
  }
  return [...byName].map(([name, objects]) => ({
    name,
    objects: (objects.length === 1 ? objects[0] : objects) as Record<string, unknown>,
  }));
}

const imageTypes: Readonly<Record<string, string>> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  svg: "image/svg+xml",
};

function imageType(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension ? imageTypes[extension] : undefined;
}

function newestModified(articles: readonly SiteArticle[]): number | undefined {
  let newest: number | undefined;
  for (const article of articles) {
    if (newest === undefined || article.modified > newest) newest = article.modified;
  }
  return newest;
}

function absolute(site: SiteView): (url: string) => string {
  return (url) => (/^https?:\/\//.test(url) ? url : `${site.baseUrl}${url}`);
}

/** Text for `feed`, which escapes it: only characters XML cannot carry are removed. */
function text(value: string): string {
  return toXmlCharacters(value);
}

/** An attribute value `feed` writes without escaping `&` or `<` (xml-js escapes only `"`). */
function attribute(value: string): string {
  return toXmlCharacters(value).replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
