import { readFile } from "node:fs/promises";
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import {
  ImageReadError,
  type ImageRegistry,
  type PublishedImage,
} from "../images/image-registry.js";
import type { MarkdownProcessor } from "../markdown/create-markdown-processor.js";
import type { BodyLink } from "../markdown/rehype-collect-links.js";
import type { ImageResolver } from "../markdown/rehype-local-images.js";
import { renderMarkdown } from "../markdown/render-markdown.js";
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
  readonly processor: MarkdownProcessor;
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
    | ((article: SiteArticle, parts: RenderedArticleParts) => void)
    | undefined;
}

/** What an article page rendered, offered to {@link RenderContext.articleRendered}. */
export interface RenderedArticleParts {
  /** The body HTML as the page shows it (dateline included); URLs are root-relative. */
  readonly html: string;
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
}

/**
 * Renders every page of the site, one at a time, yielding output files as it goes: bodies are
 * read, rendered and released, so memory holds metadata, not the archive's text.
 */
export async function* renderPages(context: RenderContext): AsyncGenerator<OutputFile> {
  const { site } = context;
  yield* optional(renderHome(context));
  for (const article of site.articles) yield* optional(renderArticle(context, article));
  for (const term of [...site.sections, ...site.tags, ...site.authors]) {
    for (const file of await renderTerm(context, term)) yield file;
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
  const body = await renderBody(
    context,
    article.absPath,
    article.file,
    article.bodyOffset,
    article.bodyLine,
  );
  const hero = article.image ? await figure(context, article, article.image, ["image"]) : undefined;
  const gallery: FigureData[] = [];
  for (const [index, item] of article.gallery.entries())
    gallery.push(await figure(context, article, item, ["gallery", String(index)]));
  const dateline = datelineText(article, helpers);
  const page: PageInfo = {
    kind: "article",
    url: article.url,
    title: article.title,
    description: article.summary,
    canonical: article.canonical ?? helpers.abs(article.url),
    image: hero
      ? {
          url: helpers.abs(hero.url),
          width: hero.published?.width ?? hero.width,
          height: hero.published?.height ?? hero.height,
          alt: hero.alt,
        }
      : undefined,
  };
  const content = dateline ? insertDateline(body, dateline) : body;
  context.articleRendered?.(article, { html: content, image: page.image });
  return render(context, "layouts/article", article.url, `${article.file}`, {
    page: { ...page, structuredData: articleStructuredData(site, article, page, helpers.abs) },
    article,
    content,
    hero,
    gallery,
    related: site.related.get(article.url) ?? [],
    preview: previewLabel(article, helpers),
  });
}

async function renderTerm(context: RenderContext, term: Term): Promise<OutputFile[]> {
  const { site, helpers } = context;
  const bio = term.bio
    ? await renderBody(
        context,
        term.bio.absPath,
        term.bio.file,
        term.bio.bodyOffset,
        term.bio.bodyLine,
      )
    : undefined;
  const files: OutputFile[] = [];
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
      { page, term, listing, bio },
    );
    if (file) files.push(file);
  }
  return files;
}

async function renderHome(context: RenderContext): Promise<OutputFile | undefined> {
  const { site, helpers } = context;
  const { latest, perSection } = site.config.home;
  const [lead, ...rest] = site.articles;
  const leadHero = lead?.image ? await figure(context, lead, lead.image, ["image"]) : undefined;
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
      .map((section) => ({ section, items: section.articles.slice(0, perSection) })),
  });
}

async function renderStaticPage(
  context: RenderContext,
  staticPage: Site["pages"][number],
): Promise<OutputFile | undefined> {
  const body = await renderBody(
    context,
    staticPage.absPath,
    staticPage.file,
    staticPage.bodyOffset,
    staticPage.bodyLine,
  );
  const page: PageInfo = {
    kind: "page",
    url: staticPage.url,
    title: staticPage.title,
    description: staticPage.summary ?? "",
    canonical: context.helpers.abs(staticPage.url),
  };
  return render(context, "layouts/page", staticPage.url, staticPage.file, {
    page,
    staticPage,
    content: body,
  });
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

async function render(
  context: RenderContext,
  layout: string,
  url: string,
  what: string,
  data: Record<string, unknown>,
): Promise<OutputFile | undefined> {
  const { site, helpers } = context;
  try {
    const html = context.engine.render(
      layout,
      {
        ...data,
        site: site.config.site,
        config: site.config,
        nav: site.sections,
        pages: site.pages,
        h: helpers,
        now: site.now,
      },
      what,
    );
    return { path: urlToOutputPath(url), data: html };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      context.report(error.diagnostic);
      return undefined;
    }
    throw error;
  }
}

async function renderBody(
  context: RenderContext,
  absPath: string,
  file: string,
  bodyOffset: number,
  bodyLine: number,
): Promise<string> {
  const text = await readFile(absPath, "utf8");
  const resolveImage: ImageResolver = async (src, alt) => {
    const target = src.startsWith("/")
      ? path.join(context.root, "public", src)
      : path.resolve(path.dirname(absPath), src);
    const allowed = [path.join(context.root, "content"), path.join(context.root, "public")];
    if (!allowed.some((dir) => target.startsWith(dir + path.sep))) {
      return {
        ok: false,
        reason: `image "${src}" points outside content/ and public/`,
        hint: "keep images next to the article or under public/",
      };
    }
    try {
      const published = await context.images.publish(target);
      return { ok: true, image: { element: imgElement(published, alt) } };
    } catch (error) {
      const reason = error instanceof ImageReadError ? error.message : String(error);
      return {
        ok: false,
        reason: `image "${src}": ${reason}`,
        hint: `expected at ${path.relative(context.root, target).split(path.sep).join("/")}`,
      };
    }
  };
  const rendered = await renderMarkdown(context.processor, {
    file,
    body: text.slice(bodyOffset),
    bodyLine,
    resolveImage,
  });
  for (const diagnostic of rendered.diagnostics) context.report(diagnostic);
  context.links(file, rendered.links);
  return rendered.html;
}

function imgElement(image: PublishedImage, alt: string) {
  return {
    type: "element" as const,
    tagName: "img",
    properties: {
      src: image.url,
      alt,
      width: image.width,
      height: image.height,
      loading: "lazy",
      decoding: "async",
    },
    children: [],
  };
}

async function figure(
  context: RenderContext,
  article: SiteArticle,
  ref: ImageRef,
  field: readonly string[],
): Promise<FigureData> {
  if (!ref.file) return { ...ref, url: ref.src };
  try {
    const published = await context.images.publish(ref.file);
    return { ...ref, published, url: published.url };
  } catch (error) {
    context.report(
      createDiagnostic(
        error instanceof ImageReadError ? "ImageInvalid" : "ImageNotFound",
        `${field.join(".")}.src "${ref.src}": ${error instanceof Error ? error.message : String(error)}`,
        {
          file: article.file,
          field: `${field.join(".")}.src`,
          phase: "templates",
          hint: "replace the file with a JPEG, PNG, WebP, AVIF or GIF image",
        },
      ),
    );
    return { ...ref, url: ref.src };
  }
}

/** "GENEVA, May 26 (Agency) – ", the wire dateline that opens the body. */
function datelineText(article: SiteArticle, helpers: TemplateHelpers): string | undefined {
  if (!article.source && !article.dateline) return undefined;
  const place = article.dateline ? `${article.dateline.toUpperCase()}, ` : "";
  const agency = article.source ? ` (${article.source})` : "";
  return `${place}${helpers.datelineDate(article.date)}${agency} – `;
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
