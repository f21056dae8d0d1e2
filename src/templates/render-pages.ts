import path from "node:path";
import type { Element } from "hast";
import { toHtml } from "hast-util-to-html";
import type { BodyStore } from "../cache/body-store.js";
import type { BodyInfo } from "../cache/build-index.js";
import type { PageCache } from "../cache/page-cache.js";
import type { DiagnosticCode } from "../errors/catalog.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import {
  ImageReadError,
  type ImageRegistry,
  type PublishedImage,
} from "../images/image-registry.js";
import { type ImageSlot, imageSizes } from "../images/image-sizes.js";
import { pictureElement } from "../images/picture-element.js";
import type { BodyLink } from "../markdown/rehype-collect-links.js";
import { imagePlaceholderTag } from "../markdown/rehype-local-images.js";
import type { BodySourceRef } from "../markdown/render-bodies.js";
import { type FeedLink, termFeedLink } from "../outputs/feeds.js";
import type { OutputFile } from "../outputs/output-file.js";
import {
  articleStructuredData,
  homeStructuredData,
  type StructuredData,
} from "../outputs/structured-data.js";
import type { ImageRef, PageKind, Site, SiteArticle, Term } from "../site/model.js";
import { paginate } from "../site/paginate.js";
import { urlToOutputPath } from "../write/check-url-path.js";
import { type TemplateEngine, TemplateRenderError } from "./create-template-engine.js";
import { escapeHtml, type TemplateHelpers } from "./template-helpers.js";

/** What rendering pages needs besides the site model. */
export interface RenderContext {
  readonly site: Site;
  readonly engine: TemplateEngine;
  /** Rendered bodies from the Markdown phase: keys, facts and the store holding the HTML. */
  readonly bodies: RenderedBodies;
  /** Decides which pages the previous build already has. */
  readonly pageCache: PageCache;
  readonly images: ImageRegistry;
  readonly helpers: TemplateHelpers;
  /** Root of the site, to display paths. */
  readonly root: string;
  /** Collects problems; rendering goes on after one, so a run reports them all. */
  readonly report: (diagnostic: Diagnostic) => void;
  /** Collects internal links from bodies, for the broken-link check once every URL is known. */
  readonly links: (file: string, links: readonly BodyLink[]) => void;
  /** Receives each article's rendered parts right after rendering (feeds keep the few they need). */
  readonly articleRendered?:
    | ((article: SiteArticle, parts: RenderedArticleParts) => void | Promise<void>)
    | undefined;
}

/** The Markdown phase's results, as page rendering reads them. */
export interface RenderedBodies {
  /** The body key of a source file (relative path). */
  keyOf(file: string): string | undefined;
  info(key: string): BodyInfo | undefined;
  readonly store: BodyStore;
  /** Renders a body again when its cached HTML is missing or damaged. */
  recover(source: BodySourceRef): Promise<string>;
}

/** What an article page rendered, offered to {@link RenderContext.articleRendered}. */
export interface RenderedArticleParts {
  /** The body HTML as the page shows it (dateline included; URLs root-relative), read on demand. */
  readonly html: () => Promise<string>;
  /** The page's share image (`PageInfo.image`). */
  readonly image: PageInfo["image"];
}

/** Head and page facts every layout reads as `it.page`. */
export interface PageInfo {
  readonly kind: PageKind;
  readonly url: string;
  readonly title: string;
  readonly description: string;
  /** Absolute canonical URL. */
  readonly canonical: string;
  readonly image?:
    | {
        readonly url: string;
        readonly width?: number | undefined;
        readonly height?: number | undefined;
        readonly alt: string;
      }
    | undefined;
  readonly prevUrl?: string | undefined;
  readonly nextUrl?: string | undefined;
  readonly noindex?: boolean | undefined;
  /** The section or tag page's own RSS feed, linked from the head besides the site feeds. */
  readonly feed?: FeedLink | undefined;
  /** JSON-LD objects for the head (`NewsArticle`, `BreadcrumbList`, `WebSite`). */
  readonly structuredData?: readonly StructuredData[] | undefined;
}

/** A resolved hero or gallery image, as the figure partial renders it. */
export interface FigureData extends ImageRef {
  readonly published?: PublishedImage | undefined;
  /** URL to put in `src`: the published file, or the remote URL as written. */
  readonly url: string;
  /** The `sizes` of its candidates where it is shown (see `images/image-sizes.ts`). */
  readonly sizes: string;
}

/**
 * Renders every page of the site, one at a time, yielding output files as it goes: bodies are
 * read, rendered and released, so memory holds metadata, not the archive's text.
 */
export async function* renderPages(context: RenderContext): AsyncGenerator<OutputFile> {
  const { site } = context;
  // Heroes and galleries of included articles start processing now, in parallel, in page order.
  context.images.prefetch(
    site.articles.flatMap((a) => [a.image, ...a.gallery].flatMap((ref) => ref?.file ?? [])),
  );
  yield* optional(renderHome(context));
  for (const article of site.articles) yield* optional(renderArticle(context, article));
  for (const term of [...site.sections, ...site.tags, ...site.authors]) {
    yield* renderTerm(context, term);
  }
  for (const page of site.pages) yield* optional(renderStaticPage(context, page));
  yield* optional(renderNotFound(context));
}

async function* optional(pending: Promise<OutputFile | undefined>): AsyncGenerator<OutputFile> {
  const file = await pending;
  if (file) yield file;
}

async function renderArticle(
  context: RenderContext,
  article: SiteArticle,
): Promise<OutputFile | undefined> {
  const { site, helpers } = context;
  const body = await prepareBody(context, article);
  const hero = article.image
    ? await figure(context, article, article.image, ["image"], "article")
    : undefined;
  const gallery: FigureData[] = [];
  for (const [index, item] of article.gallery.entries())
    gallery.push(await figure(context, article, item, ["gallery", String(index)], "gallery"));
  const dateline = datelineText(article, helpers);
  const page: PageInfo = {
    kind: "article",
    url: article.url,
    title: article.title,
    description: article.summary,
    canonical: article.canonical ?? helpers.abs(article.url),
    image: hero
      ? {
          url: helpers.abs(hero.published?.share.url ?? hero.url),
          width: hero.published?.share.width ?? hero.width,
          height: hero.published?.share.height ?? hero.height,
          alt: hero.alt,
        }
      : undefined,
  };
  let content: string | undefined;
  const file = await render(
    context,
    "layouts/article",
    article.url,
    article.file,
    {
      page: { ...page, structuredData: articleStructuredData(site, article, page, helpers.abs) },
      article,
      hero,
      gallery,
      related: site.related.get(article.url) ?? [],
      preview: previewLabel(article, helpers),
    },
    { content: body.fingerprint },
    async () => {
      content = withDateline(await body.load(), dateline);
      return { content };
    },
  );
  // Feeds keep a few bodies: a page taken from the previous build reads its body only if asked.
  await context.articleRendered?.(article, {
    html: async () => content ?? withDateline(await body.load(), dateline),
    image: page.image,
  });
  return file;
}

/** A term's listing pages, yielded one at a time: a section of a large archive has thousands. */
async function* renderTerm(context: RenderContext, term: Term): AsyncGenerator<OutputFile> {
  const { site, helpers } = context;
  const bio = term.bio ? await prepareBody(context, term.bio) : undefined;
  const { articles, ...termInfo } = term;
  for (const listing of paginate(term.articles, site.config.pagination.perPage, term.url)) {
    const suffix =
      listing.pageNumber > 1 ? ` (page ${listing.pageNumber} of ${listing.totalPages})` : "";
    const label = term.kind === "tag" ? `Topic: ${term.name}` : term.name;
    const page: PageInfo = {
      kind: term.kind,
      url: listing.url,
      title: `${label}${suffix}`,
      description:
        term.description ??
        (term.kind === "author"
          ? (term.bio?.role ?? `Stories by ${term.name}`)
          : `${term.name}: the latest stories`),
      canonical: helpers.abs(listing.url),
      prevUrl: listing.prevUrl,
      nextUrl: listing.nextUrl,
      feed: termFeedLink(site, term),
    };
    const file = await render(
      context,
      "layouts/listing",
      listing.url,
      `the ${term.kind} page ${listing.url}`,
      { page, term: { ...termInfo, count: articles.length }, listing },
      { bio: bio?.fingerprint },
      async () => ({ bio: await bio?.load() }),
    );
    if (file) yield file;
  }
}

async function renderHome(context: RenderContext): Promise<OutputFile | undefined> {
  const { site, helpers } = context;
  const { latest, perSection } = site.config.home;
  const [lead, ...rest] = site.articles;
  const leadHero = lead?.image
    ? await figure(context, lead, lead.image, ["image"], "homeLead")
    : undefined;
  const page: PageInfo = {
    kind: "home",
    url: "/",
    title: site.config.site.title,
    description: site.config.site.description,
    canonical: helpers.abs("/"),
    structuredData: homeStructuredData(site, helpers.abs),
  };
  return render(context, "layouts/home", "/", "the home page", {
    page,
    lead,
    leadHero,
    latest: rest.slice(0, latest),
    sectionBlocks: site.sections
      .filter((section) => section.articles.length > 0 && perSection > 0)
      .map(({ articles, ...section }) => ({ section, items: articles.slice(0, perSection) })),
  });
}

async function renderStaticPage(
  context: RenderContext,
  staticPage: Site["pages"][number],
): Promise<OutputFile | undefined> {
  const body = await prepareBody(context, staticPage);
  const page: PageInfo = {
    kind: "page",
    url: staticPage.url,
    title: staticPage.title,
    description: staticPage.summary ?? "",
    canonical: context.helpers.abs(staticPage.url),
  };
  return render(
    context,
    "layouts/page",
    staticPage.url,
    staticPage.file,
    { page, staticPage },
    { content: body.fingerprint },
    async () => ({ content: await body.load() }),
  );
}

async function renderNotFound(context: RenderContext): Promise<OutputFile | undefined> {
  const page: PageInfo = {
    kind: "notFound",
    url: "/404.html",
    title: "Page not found",
    description: "",
    canonical: context.helpers.abs("/404.html"),
    noindex: true,
  };
  return render(context, "layouts/404", "/404.html", "the 404 page", {
    page,
    latest: context.site.articles.slice(0, 5),
  });
}

/**
 * Renders a page through its layout, unless the previous build already has it: the page key
 * covers the layout, the page's data, and `fingerprint` standing in for the parts that are
 * expensive to load (body HTML), which `load` supplies only when the page must be rendered.
 */
async function render(
  context: RenderContext,
  layout: string,
  url: string,
  what: string,
  data: Record<string, unknown>,
  fingerprint: Record<string, unknown> = {},
  load: () => Promise<Record<string, unknown>> = async () => ({}),
): Promise<OutputFile | undefined> {
  const { site, helpers } = context;
  const outputPath = urlToOutputPath(url);
  const key = context.pageCache.keyOf(outputPath, layout, { data, fingerprint });
  const previous = context.pageCache.reusable(outputPath, key);
  if (previous) return { path: outputPath, reuse: previous };
  try {
    const html = context.engine.render(
      layout,
      {
        ...data,
        ...(await load()),
        site: site.config.site,
        config: site.config,
        nav: navigation(site),
        pages: site.pages,
        h: helpers,
        year: helpers.iso(site.now).slice(0, 4),
      },
      what,
    );
    return { path: outputPath, data: html };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      context.report(error.diagnostic);
      return undefined;
    }
    throw error;
  }
}

/**
 * The sections as navigation shows them: names and URLs, not their articles. Everything every
 * page shows (navigation, footer pages, the year) is part of the build-wide page key.
 */
export function navigation(site: Site): readonly Omit<Term, "articles">[] {
  return site.sections.map(({ articles, ...section }) => section);
}

/** A rendered body ready for a page: a fingerprint for the page key, and the HTML on demand. */
interface PreparedBody {
  readonly fingerprint: { readonly key: string; readonly images: readonly string[] };
  load(): Promise<string>;
}

/**
 * Reports a body's messages and links, publishes its images (so they are emitted and their
 * problems reported on every build, cached or not), and returns how to get its HTML.
 */
async function prepareBody(context: RenderContext, source: BodySourceRef): Promise<PreparedBody> {
  const key = context.bodies.keyOf(source.file) ?? "";
  const info = context.bodies.info(key) ?? { images: [], links: [], messages: [] };
  for (const message of info.messages) {
    context.report(
      createDiagnostic(message.code as DiagnosticCode, message.message, {
        file: source.file,
        line: message.line,
        column: message.column,
        hint: message.hint,
        phase: "markdown",
      }),
    );
  }
  context.links(source.file, info.links);
  const elements: Element[] = [];
  for (const image of info.images) {
    const resolved = await resolveBodyImage(context, source.absPath, image.src, image.alt);
    if (!resolved.ok) {
      context.report(
        createDiagnostic(resolved.code, resolved.reason, {
          file: source.file,
          line: image.line,
          column: image.column,
          hint: resolved.hint,
          phase: "markdown",
        }),
      );
    }
    elements.push(
      resolved.ok
        ? resolved.element
        : { type: "element", tagName: "span", properties: {}, children: [] },
    );
  }
  return {
    fingerprint: { key, images: elements.map((element) => toHtml(element)) },
    load: async () => {
      const html = (await context.bodies.store.read(key)) ?? (await context.bodies.recover(source));
      return fillImagePlaceholders(html, elements);
    },
  };
}

const placeholderPattern = new RegExp(
  `<${imagePlaceholderTag} data-index="(\\d+)"></${imagePlaceholderTag}>`,
  "g",
);

/** Swaps each body image placeholder for its published image's markup. */
function fillImagePlaceholders(html: string, elements: readonly Element[]): string {
  return html.replace(placeholderPattern, (_, index: string) => {
    const element = elements[Number(index)];
    return element ? toHtml(element) : "";
  });
}

type BodyImageResult =
  | { readonly ok: true; readonly element: Element }
  | {
      readonly ok: false;
      readonly code: "ImageNotFound" | "ImageInvalid";
      readonly reason: string;
      readonly hint: string;
    };

/** Resolves a body image's `src` (relative to the file, or `/` for public/) to published markup. */
async function resolveBodyImage(
  context: RenderContext,
  absPath: string,
  src: string,
  alt: string,
): Promise<BodyImageResult> {
  const target = src.startsWith("/")
    ? path.join(context.root, "public", src)
    : path.resolve(path.dirname(absPath), src);
  const allowed = [path.join(context.root, "content"), path.join(context.root, "public")];
  if (!allowed.some((dir) => target.startsWith(dir + path.sep))) {
    return {
      ok: false,
      code: "ImageNotFound",
      reason: `image "${src}" points outside content/ and public/`,
      hint: "keep images next to the article or under public/",
    };
  }
  try {
    const published = await context.images.publish(target);
    return { ok: true, element: pictureElement(published, alt, imageSizes.article) };
  } catch (error) {
    const reason = error instanceof ImageReadError ? error.message : String(error);
    return {
      ok: false,
      code: error instanceof ImageReadError ? error.code : "ImageNotFound",
      reason: `image "${src}": ${reason}`,
      hint: `expected at ${path.relative(context.root, target).split(path.sep).join("/")}`,
    };
  }
}

async function figure(
  context: RenderContext,
  article: SiteArticle,
  ref: ImageRef,
  field: readonly string[],
  slot: ImageSlot,
): Promise<FigureData> {
  const sizes = imageSizes[slot];
  if (!ref.file) return { ...ref, url: ref.src, sizes };
  try {
    const published = await context.images.publish(ref.file);
    return { ...ref, published, url: published.url, sizes };
  } catch (error) {
    // The home page's lead is an article's hero: that article's page reports it, once.
    if (slot === "homeLead") return { ...ref, url: ref.src, sizes };
    context.report(
      createDiagnostic(
        error instanceof ImageReadError ? error.code : "ImageNotFound",
        `${field.join(".")}.src "${ref.src}": ${error instanceof Error ? error.message : String(error)}`,
        {
          file: article.file,
          field: `${field.join(".")}.src`,
          phase: "templates",
          hint: "replace the file with a JPEG, PNG, WebP, AVIF or GIF image",
        },
      ),
    );
    return { ...ref, url: ref.src, sizes };
  }
}

/** "GENEVA, May 26 (Agency) – ", the wire dateline that opens the body. */
function datelineText(article: SiteArticle, helpers: TemplateHelpers): string | undefined {
  if (!article.source && !article.dateline) return undefined;
  const place = article.dateline ? `${article.dateline.toUpperCase()}, ` : "";
  const agency = article.source ? ` (${article.source})` : "";
  return `${place}${helpers.datelineDate(article.date)}${agency} – `;
}

function withDateline(html: string, dateline: string | undefined): string {
  return dateline ? insertDateline(html, dateline) : html;
}

/** Puts the dateline at the start of the body's first paragraph (the body is our own HTML). */
function insertDateline(html: string, dateline: string): string {
  const span = `<span class="dateline">${escapeHtml(dateline)}</span>`;
  const at = html.indexOf("<p>");
  return at === -1
    ? `<p>${span}</p>\n${html}`
    : `${html.slice(0, at + 3)}${span}${html.slice(at + 3)}`;
}

function previewLabel(article: SiteArticle, helpers: TemplateHelpers): string | undefined {
  if (article.visibility === "draft") return "Draft: not published";
  if (article.visibility === "scheduled") return `Scheduled for ${helpers.date(article.date)}`;
  return undefined;
}
