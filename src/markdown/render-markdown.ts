import { VFile } from "vfile";
import { defaultBodyLimits } from "./body-limits.js";
import { checkBodyLimits } from "./check-body-limits.js";
import type { MarkdownRenderer } from "./create-markdown-processor.js";
import type { BodyLink } from "./rehype-collect-links.js";
import type { BodyImage } from "./rehype-local-images.js";
import type { BodyDirective } from "./remark-directives.js";

/** A problem found while rendering a body, located in the file (front matter included). */
export interface BodyMessage {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** A body rendered to HTML, with what the build needs to know about it. Plain data: it crosses worker threads and goes into the cache. */
export interface RenderedBody {
  /** HTML with a placeholder per local image (see {@link imagePlaceholderTag}). */
  readonly html: string;
  readonly images: readonly BodyImage[];
  /** Site-internal links. */
  readonly links: readonly BodyLink[];
  /** Story blocks, by the index their placeholders carry (see {@link BodyDirective}). */
  readonly directives: readonly BodyDirective[];
  readonly messages: readonly BodyMessage[];
}

/** Where a body comes from, so that its messages point into the right file. */
export interface BodySource {
  /** Path relative to the site root. */
  readonly file: string;
  readonly body: string;
  /** The line of the file the body starts on. */
  readonly bodyLine: number;
}

/**
 * Renders a Markdown body with the build's processors, synchronously (so that a time budget can
 * interrupt it, see render-within-budget.ts). A body over the size or nesting limit is refused
 * before it is parsed. Never throws for content problems.
 */
export function renderMarkdown(renderer: MarkdownRenderer, source: BodySource): RenderedBody {
  const shift = source.bodyLine - 1;
  const refused = checkBodyLimits(source.body, renderer.options.limits ?? defaultBodyLimits);
  if (refused) return failedBody({ ...refused, line: (refused.line ?? 1) + shift });
  const file = new VFile({ value: source.body, path: source.file });
  let html: string;
  try {
    html = String(renderer.processorFor(source.body).processSync(file));
  } catch (error) {
    return failedBody({
      code: "MarkdownError",
      message: `the body could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
      line: source.bodyLine,
    });
  }
  const lineOf = (line: number | undefined | null) => (line ? line + shift : undefined);
  return {
    html,
    images: (file.data.images ?? []).map((image) => ({ ...image, line: lineOf(image.line) })),
    links: (file.data.links ?? []).map((link) => ({ ...link, line: lineOf(link.line) })),
    directives: (file.data.directives ?? []).map((directive) => ({
      ...directive,
      line: lineOf(directive.line),
    })),
    messages: file.messages.map((message) => ({
      code: message.ruleId?.replace("newsdeck:", "") ?? "MarkdownError",
      message: message.reason,
      hint: message.note ?? undefined,
      line: lineOf(message.line) ?? source.bodyLine,
      column: message.column ?? undefined,
    })),
  };
}

/** A body that produced no HTML, with the one message that says why. */
export function failedBody(message: BodyMessage): RenderedBody {
  return { html: "", images: [], links: [], directives: [], messages: [message] };
}
