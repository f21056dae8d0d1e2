import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { builtInBlocks } from "../markdown/built-in-blocks.js";
import { directivePlaceholderTag } from "../markdown/rehype-directive-placeholders.js";
import type { BodyDirective } from "../markdown/remark-directives.js";
import { findStory } from "../site/find-story.js";
import type { SiteArticle } from "../site/model.js";
import { type TemplateEngine, TemplateRenderError } from "./create-template-engine.js";
import { formatEntryDate } from "./format-entry-date.js";
import type { RenderContext } from "./render-subject.js";

/** A body whose story blocks are to be rendered, and for what. */
export interface BlockBody {
  /** The body's file, for locating problems. */
  readonly file: string;
  readonly directives: readonly BodyDirective[];
  /** The story the body belongs to (none for static pages and author bios). */
  readonly article?: SiteArticle | undefined;
  /** Report problems (false where the same body's page reports them, as for feeds). */
  readonly report: boolean;
  /** Where the body is shown: partials may leave out what a feed reader cannot use. */
  readonly output: "page" | "feed";
}

/** A body's HTML with its blocks rendered, and the templates that rendered them. */
export interface RenderedBlocks {
  readonly html: string;
  readonly templates: readonly string[];
}

const placeholder = new RegExp(
  `<${directivePlaceholderTag} data-index="(\\d+)"></${directivePlaceholderTag}>`,
  "g",
);

/**
 * Fills each story block placeholder of a body with its partial, `templates/directives/<name>.eta`
 * (the site's over the theme's), rendered with the block's attributes, label and content (its
 * own inner blocks filled first). Content reaches the partial only as data: attributes and
 * labels are escaped by `<%= %>`, the label and content are sanitised HTML. Reports what only
 * the site can tell: a name no partial renders, a related story that is not published, a
 * donation block on a site without `donate` in its config. A block with a problem renders as
 * nothing. Returns the templates used, which count as the page's (a change to one re-renders the
 * pages that show such a block).
 */
export function renderDirectives(
  context: RenderContext,
  body: BlockBody,
  html: string,
): RenderedBlocks {
  if (body.directives.length === 0) return { html, templates: [] };
  const templates = new Set<string>();
  const report = (diagnostic: Diagnostic) => {
    if (body.report) context.report(diagnostic);
  };
  // A block's content holds only the blocks inside it, which come after it in the body.
  const fill = (text: string, after: number): string =>
    text.replace(placeholder, (_, index: string) =>
      Number(index) > after ? renderBlock(Number(index)) : "",
    );
  const renderBlock = (at: number): string => {
    const directive = body.directives[at];
    if (!directive) return "";
    const where = { file: body.file, line: directive.line, column: directive.column };
    const known = knownBlocks(context.engine);
    if (!known.has(directive.name)) {
      const closest = suggestClosest(directive.name, known);
      report(
        createDiagnostic("DirectiveUnknown", `there is no story block "${directive.name}"`, {
          ...where,
          phase: "templates",
          hint: closest
            ? `did you mean "${closest}"?`
            : `the blocks are ${[...known].sort().join(", ")}; a site adds its own as templates/directives/<name>.eta`,
        }),
      );
      return "";
    }
    const own = blockData(context, body, directive, (problem) =>
      report(createDiagnostic(problem.code, problem.message, { ...where, ...problem.details })),
    );
    if (!own) return "";
    const data = {
      name: directive.name,
      kind: directive.kind,
      attributes: directive.attributes,
      label: directive.label ?? "",
      children: directive.html === undefined ? "" : fill(directive.html, at),
      id: `nd-${directive.name}-${at}`,
      article: body.article,
      output: body.output,
      site: context.view.config.site,
      config: context.view.config,
      h: context.helpers,
      ...own,
      items: directive.items?.map((item) => ({
        date: item.date,
        display: formatEntryDate(item.date, context.view.config.site.language),
        html: fill(item.html, at),
      })),
    };
    try {
      const rendered = context.engine.renderTracked(
        `directives/${directive.name}`,
        data,
        `the ${directive.name} block of ${body.file}:${directive.line ?? 1}`,
      );
      for (const name of rendered.templates) templates.add(name);
      return rendered.html;
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      report(error.diagnostic);
      return "";
    }
  };
  return { html: fill(html, -1), templates: [...templates].sort() };
}

/** A problem only the site can tell, with what locates it besides the block's place. */
interface BlockProblem {
  readonly code: "RelatedStoryNotFound" | "DirectiveInvalid";
  readonly message: string;
  readonly details: { readonly hint: string; readonly phase: "templates" };
}

/**
 * What a built-in block shows besides what every block gets: an embed's frame and link, a
 * related card's story, the donation settings. Undefined when the block shows nothing here (a
 * problem, reported through `problem`, or a story with `donate: false`).
 */
function blockData(
  context: RenderContext,
  body: BlockBody,
  directive: BodyDirective,
  problem: (found: BlockProblem) => void,
): Record<string, unknown> | undefined {
  const { view } = context;
  switch (builtInBlocks[directive.name] ? directive.name : "") {
    case "embed": {
      // A URL that failed its check at Markdown time was reported there.
      if (!directive.embed) return undefined;
      const title =
        directive.attributes.title?.trim() ||
        (directive.embed.provider === directive.embed.host
          ? `Embedded content from ${directive.embed.host}`
          : `Video on ${directive.embed.provider}`);
      return { embed: { ...directive.embed, title } };
    }
    case "related": {
      if (!directive.story) return undefined;
      const found = findStory(view, context.slugs, directive.story);
      if ("problem" in found) {
        problem({
          code: "RelatedStoryNotFound",
          message: `related story "${directive.attributes.story ?? ""}": ${found.problem}`,
          details: { hint: found.hint, phase: "templates" },
        });
        return undefined;
      }
      return { story: view.article(found.id) };
    }
    case "donate": {
      const donate = view.config.donate;
      if (!donate) {
        problem({
          code: "DirectiveInvalid",
          message: "a donation block needs the site's donate settings, and the config has none",
          details: {
            hint: 'add donate: { url: "https://...", label: "Support us" } to the config',
            phase: "templates",
          },
        });
        return undefined;
      }
      // A story with `donate: false` shows no call-to-action, this one neither.
      if (body.article && !body.article.showDonate) return undefined;
      return { donate };
    }
    default:
      return {};
  }
}

const knownByEngine = new WeakMap<TemplateEngine, ReadonlySet<string>>();

/** The block names of a build: the built-in ones and every `templates/directives/<name>.eta`. */
function knownBlocks(engine: TemplateEngine): ReadonlySet<string> {
  let known = knownByEngine.get(engine);
  if (!known) {
    known = new Set([...Object.keys(builtInBlocks), ...engine.list("directives")]);
    knownByEngine.set(engine, known);
  }
  return known;
}
