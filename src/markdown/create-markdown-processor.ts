import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import type { BodyLimits } from "./body-limits.js";
import { footnoteAttributes } from "./footnote-attributes.js";
import { collectLinks } from "./rehype-collect-links.js";
import { rehypeElementPasses } from "./rehype-element-passes.js";
import { rehypeEmbeds } from "./rehype-embeds.js";
import { placeLocalImages } from "./rehype-local-images.js";
import { rehypeRawWherePresent } from "./rehype-raw-where-present.js";
import { remarkGfmConstructs } from "./remark-gfm-constructs.js";
import { remarkSmartPunctuation } from "./remark-smart-punctuation.js";
import { createSanitizeSchema } from "./sanitize-schema.js";
import { type BodySyntax, fullSyntax, scanBodySyntax } from "./scan-body-syntax.js";
import { slugHeadings } from "./slug-headings.js";

/** What changes the HTML a body renders to. Part of the cache key of rendered bodies. */
export interface MarkdownOptions {
  /** Hosts whose iframes survive sanitizing (config `embeds.allow`). */
  readonly embedsAllow: readonly string[];
  /** Limits on each body (config `limits.body`); the defaults when absent. */
  readonly limits?: BodyLimits | undefined;
}

/**
 * Builds a frozen unified processor for bodies of the given syntax:
 * remark-parse -> GFM -> typographic punctuation -> remark-rehype -> raw HTML parsed (where
 * there is any) -> sanitize -> embeds allow-list -> one walk for heading ids, local images, link
 * collection and footnote attributes -> HTML.
 *
 * Sanitizing runs after every transform that could introduce URLs from content, and the local
 * image step only inserts markup built from trusted values.
 */
export function createMarkdownProcessor(options: MarkdownOptions, syntax: BodySyntax = fullSyntax) {
  return unified()
    .use(remarkParse)
    .use(remarkGfmConstructs, syntax)
    .use(remarkSmartPunctuation)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawWherePresent)
    .use(rehypeSanitize, createSanitizeSchema())
    .use(rehypeEmbeds, { allow: options.embedsAllow })
    .use(rehypeElementPasses, [slugHeadings, placeLocalImages, collectLinks, footnoteAttributes])
    .use(rehypeStringify)
    .freeze();
}

/** A frozen processor. */
export type MarkdownProcessor = ReturnType<typeof createMarkdownProcessor>;

/** The processors of a build, and the options they were made with. */
export interface MarkdownRenderer {
  readonly options: MarkdownOptions;
  /** The processor for a body: the one for the syntax a scan of the body finds possible. */
  processorFor(body: string): MarkdownProcessor;
}

/**
 * The processors of a build: one per {@link BodySyntax}, each built and frozen once, on first
 * need.
 */
export function createMarkdownRenderer(options: MarkdownOptions): MarkdownRenderer {
  const processors = new Map<string, MarkdownProcessor>();
  return {
    options,
    processorFor(body) {
      const syntax = scanBodySyntax(body);
      const key = `${syntax.emailAutolinks}/${syntax.tables}`;
      let processor = processors.get(key);
      if (!processor) {
        processor = createMarkdownProcessor(options, syntax);
        processors.set(key, processor);
      }
      return processor;
    },
  };
}
