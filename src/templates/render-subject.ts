import path from "node:path";
import type { Element } from "hast";
import type { BodyInfo } from "../cache/body-info.js";
import type { BodyStore } from "../cache/body-store.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import {
  ImageReadError,
  type ImageRegistry,
  type PublishedImage,
} from "../images/image-registry.js";
import { type ImageSlot, imageSizes } from "../images/image-sizes.js";
import { pictureElement } from "../images/picture-element.js";
import { imagePlaceholderTag } from "../markdown/rehype-local-images.js";
import type { BodySourceRef } from "../markdown/render-bodies.js";
import { urlToOutputPath } from "../site/check-url-path.js";
import { termFeedLink } from "../site/feed-links.js";
import type { StorySlugs } from "../site/find-story.js";
import type { ImageRef, PageKind, SiteArticle } from "../site/model.js";
import { paginate } from "../site/paginate.js";
import type { PlacedPage, SiteView } from "../site/site-view.js";
import type { OutputFile } from "../write/output-file.js";
import { type TemplateEngine, TemplateRenderError } from "./create-template-engine.js";
import { type RenderedBlocks, renderDirectives } from "./render-directives.js";
import {
  articleStructuredData,
  homeStructuredData,
  type StructuredData,
} from "./structured-data.js";
import { escapeHtml, type TemplateHelpers } from "./template-helpers.js";

/** What rendering a page needs besides the page's subject. */
export interface RenderContext {
  readonly view: SiteView;
  readonly engine: TemplateEngine;
  /** Rendered bodies from the Markdown phase: facts and the store holding the HTML. */
  readonly bodies: RenderedBodies;
  readonly images: ImageRegistry;
  readonly helpers: TemplateHelpers;
  /** Root of the site, to resolve body images. */
  readonly root: string;
  /** The articles in the build by slug, for the stories `::related` cards name. */
  readonly slugs: StorySlugs;
  /** Collects problems; rendering goes on after one, so a run reports them all. */
  readonly report: (diagnostic: Diagnostic) => void;
}

/** The Markdown phase's results, as page rendering reads them. */
export interface RenderedBodies {
  /** What rendering a body found (images, links, messages), by body key. */
  info(key: string): BodyInfo | undefined;
  readonly store: BodyStore;
  /** Renders a body again when its cached HTML is missing or damaged. */
  recover(source: BodySourceRef & { readonly bodyKey: string }): Promise<string>;
}

/** A rendered page and the templates it used. */
export interface RenderedPage {
  readonly file: OutputFile;
  readonly templates: readonly string[];
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
  readonly feed?:
    | { readonly url: string; readonly title: string; readonly type: string }
    | undefined;
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

/** An article page. */
export async function renderArticle(
  context: RenderContext,
  id: number,
): Promise<RenderedPage | undefined> {
  const { view, helpers } = context;
  const article = view.article(id);
  const body = await prepareBody(context, article, article.bodyKey, { article });
  const hero = article.image
    ? await figure(context, article, article.image, ["image"], "article")
    : undefined;
  const gallery: FigureData[] = [];
  for (const [index, item] of article.gallery.entries())
    gallery.push(await figure(context, article, item, ["gallery", String(index)], "gallery"));
  const page: PageInfo = {
    kind: "article",
    url: article.url,
    title: article.title,
    description: article.summary,
    canonical: article.canonical ?? helpers.abs(article.url),
    image: shareImage(hero, helpers),
  };
  const content = await body.load(datelineText(article, helpers));
  return render(
    context,
    "layouts/article",
    article.url,
    article.file,
    {
      page: {
        ...page,
        structuredData: articleStructuredData(view.config, article, page, helpers.abs),
      },
      article,
      hero,
      gallery,
      related: view.articles(view.model.related(id)),
      preview: previewLabel(article, helpers),
      content: content.html,
    },
    content.templates,
  );
}

/**
 * The body of an article as full-text feeds show it: dateline in, story blocks and images
 * filled, with the templates its blocks used.
 */
export async function articleBodyHtml(
  context: RenderContext,
  article: SiteArticle & { readonly bodyKey: string },
): Promise<RenderedBlocks> {
  const body = await prepareBody(context, article, article.bodyKey, {
    article,
    report: false,
    output: "feed",
  });
  return body.load(datelineText(article, context.helpers));
}

/** The share image of a page with a hero (`og:image`): the published share variant. */
function shareImage(hero: FigureData | undefined, helpers: TemplateHelpers): PageInfo["image"] {
  return hero
    ? {
        url: helpers.abs(hero.published?.share.url ?? hero.url),
        width: hero.published?.share.width ?? hero.width,
        height: hero.published?.share.height ?? hero.height,
        alt: hero.alt,
      }
    : undefined;
}

/** The share image of an article, for feeds: its hero published, without reporting problems. */
export async function articleShareImage(
  context: RenderContext,
  article: SiteArticle,
): Promise<PageInfo["image"]> {
  if (!article.image) return undefined;
  return shareImage(
    await figure(context, article, article.image, ["image"], "homeLead"),
    context.helpers,
  );
}

/** One page of a section, tag or author listing. */
export async function renderListing(
  context: RenderContext,
  key: string,
  pageNumber: number,
): Promise<RenderedPage | undefined> {
  const { view, helpers } = context;
  const term = view.term(key);
  const ids = view.model.list(key);
  const perPage = view.config.pagination.perPage;
  const listing = paginate(ids, perPage, term.url)[pageNumber - 1];
  if (!listing) return undefined;
  // Every page of an author shows the bio: the first reports its problems.
  const bio = term.bio
    ? await prepareBody(context, term.bio, term.bio.bodyKey, { report: pageNumber === 1 })
    : undefined;
  const bioBody = await bio?.load();
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
    feed: termFeedLink(view, term, key),
  };
  return render(
    context,
    "layouts/listing",
    listing.url,
    `the ${term.kind} page ${listing.url}`,
    {
      page,
      term: { ...term, count: ids.length },
      listing: { ...listing, items: view.articles(listing.items) },
      bio: bioBody?.html,
    },
    bioBody?.templates,
  );
}

/** The home page. */
export async function renderHome(context: RenderContext): Promise<RenderedPage | undefined> {
  const { view, helpers } = context;
  const { latest, perSection } = view.config.home;
  const [leadId, ...rest] = view.model.list("all").slice(0, latest + 1);
  const lead = leadId === undefined ? undefined : view.article(leadId);
  const leadHero = lead?.image
    ? await figure(context, lead, lead.image, ["image"], "homeLead")
    : undefined;
  const page: PageInfo = {
    kind: "home",
    url: "/",
    title: view.config.site.title,
    description: view.config.site.description,
    canonical: helpers.abs("/"),
    structuredData: homeStructuredData(view.config, helpers.abs),
  };
  const sectionBlocks = [];
  for (const id of view.sectionIds()) {
    const items = view.model.list(`s:${id}`).slice(0, perSection);
    if (items.length > 0 && perSection > 0)
      sectionBlocks.push({ section: view.term(`s:${id}`), items: view.articles(items) });
  }
  return render(context, "layouts/home", "/", "the home page", {
    page,
    lead,
    leadHero,
    latest: view.articles(rest),
    sectionBlocks,
  });
}

/** A static page. */
export async function renderStaticPage(
  context: RenderContext,
  staticPage: PlacedPage & { readonly bodyKey: string },
): Promise<RenderedPage | undefined> {
  const body = await prepareBody(context, staticPage, staticPage.bodyKey);
  const content = await body.load();
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
    { page, staticPage, content: content.html },
    content.templates,
  );
}

/** The 404 page. */
export async function renderNotFound(context: RenderContext): Promise<RenderedPage | undefined> {
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
    latest: context.view.articles(context.view.model.list("all").slice(0, 5)),
  });
}

/** The redirect page of an old URL. */
export function renderAlias(
  context: RenderContext,
  from: string,
  outputPath: string,
  to: string,
): RenderedPage | undefined {
  const { view, helpers, engine } = context;
  try {
    const { html, templates } = engine.renderTracked(
      "layouts/alias",
      { target: to, targetAbsolute: helpers.abs(to), site: view.config.site, h: helpers },
      `the redirect ${from}`,
    );
    return { file: { path: outputPath, data: html }, templates };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    context.report(error.diagnostic);
    return undefined;
  }
}

/**
 * Renders a page through its layout with what every page shows (site, navigation, footer). The
 * page used the layout's templates and `bodyTemplates`, those of its body's story blocks.
 */
function render(
  context: RenderContext,
  layout: string,
  url: string,
  what: string,
  data: Record<string, unknown>,
  bodyTemplates: readonly string[] = [],
): RenderedPage | undefined {
  try {
    const { html, templates } = context.engine.renderTracked(
      layout,
      { ...data, ...layoutGlobals(context) },
      what,
    );
    const used =
      bodyTemplates.length > 0 ? [...new Set([...templates, ...bodyTemplates])].sort() : templates;
    return { file: { path: urlToOutputPath(url), data: html }, templates: used };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      context.report(error.diagnostic);
      return undefined;
    }
    throw error;
  }
}

/** What every layout reads besides its page's own data (the header, the footer, helpers). */
export function layoutGlobals(context: Pick<RenderContext, "view" | "helpers">) {
  const { view, helpers } = context;
  return {
    site: view.config.site,
    config: view.config,
    nav: view.navigation(),
    pages: view.pages,
    h: helpers,
    year: helpers.iso(view.now).slice(0, 4),
  };
}

/** A rendered body ready for a page: the HTML on demand. */
interface PreparedBody {
  /**
   * The HTML, with `dateline` opening its first paragraph (the body's own, not one inside a
   * story block), its story blocks and images filled in; and the templates its blocks used.
   */
  load(dateline?: string): Promise<RenderedBlocks>;
}

/** How a body is shown: see {@link prepareBody}. */
interface BodyUse {
  /** Report the problems of its images and blocks (default true). */
  readonly report?: boolean | undefined;
  /** The story it belongs to. */
  readonly article?: SiteArticle | undefined;
  readonly output?: "page" | "feed" | undefined;
}

/**
 * Publishes a body's images (reporting those that cannot be, unless `report` is false) and
 * returns how to get its HTML with its story blocks and images filled in. The body's own
 * messages are the build's to report, once per build, whether or not its page renders.
 */
async function prepareBody(
  context: RenderContext,
  source: BodySourceRef,
  key: string,
  use: BodyUse = {},
): Promise<PreparedBody> {
  const report = use.report ?? true;
  const info = context.bodies.info(key);
  const elements: Element[] = [];
  for (const image of info?.images ?? []) {
    const resolved = await resolveBodyImage(context, source.absPath, image.src, image.alt);
    if (!resolved.ok && report) {
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
    load: async (dateline) => {
      const html =
        (await context.bodies.store.read(key)) ??
        (await context.bodies.recover({ ...source, bodyKey: key }));
      const blocks = renderDirectives(
        context,
        {
          file: source.file,
          directives: info?.directives ?? [],
          article: use.article,
          report,
          output: use.output ?? "page",
        },
        withDateline(html, dateline),
      );
      const filled =
        elements.length > 0 ? await fillImagePlaceholders(blocks.html, elements) : blocks.html;
      return { html: filled, templates: blocks.templates };
    },
  };
}

const placeholderPattern = new RegExp(
  `<${imagePlaceholderTag} data-index="(\\d+)"></${imagePlaceholderTag}>`,
  "g",
);

/**
 * Swaps each body image placeholder for its published image's markup. The serializer loads with
 * the first body that has an image.
 */
async function fillImagePlaceholders(html: string, elements: readonly Element[]): Promise<string> {
  const { toHtml } = await import("hast-util-to-html");
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

/** The file a body image's `src` names: relative to the file, or `/` for public/. */
export function bodyImageFile(root: string, absPath: string, src: string): string {
  return src.startsWith("/")
    ? path.join(root, "public", src)
    : path.resolve(path.dirname(absPath), src);
}

/** Resolves a body image's `src` to published markup. */
async function resolveBodyImage(
  context: RenderContext,
  absPath: string,
  src: string,
  alt: string,
): Promise<BodyImageResult> {
  const target = bodyImageFile(context.root, absPath, src);
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
