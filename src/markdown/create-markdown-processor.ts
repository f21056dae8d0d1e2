import { randomBytes } from "node:crypto";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { type BodyLimits, defaultBodyLimits } from "./body-limits.js";
import { footnoteAttributes } from "./footnote-attributes.js";
import { collectLinks } from "./rehype-collect-links.js";
import { rehypeDirectivePlaceholders } from "./rehype-directive-placeholders.js";
import { rehypeElementPasses } from "./rehype-element-passes.js";
import { rehypeEmbeds } from "./rehype-embeds.js";
import { placeLocalImages } from "./rehype-local-images.js";
import { rehypeRawWherePresent } from "./rehype-raw-where-present.js";
import { remarkDirectives } from "./remark-directives.js";
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
 * remark-parse -> GFM -> story blocks (where the body can hold one) -> typographic punctuation ->
 * remark-rehype -> raw HTML parsed (where there is any) -> sanitize -> embeds allow-list -> one
 * walk for heading ids, local images, link collection and footnote attributes -> story block
 * placeholders -> HTML.
 *
 * Sanitizing runs after every transform that could introduce URLs from content, and the local
 * image and story block steps only insert markup built from trusted values.
 */
export function createMarkdownProcessor(options: MarkdownOptions, syntax: BodySyntax = fullSyntax) {
  // Made afresh for each processor, so content cannot know it (see sanitize-schema.ts).
  const marker = syntax.directives ? randomBytes(16).toString("hex") : undefined;
  const processor = unified().use(remarkParse).use(remarkGfmConstructs, syntax);
  if (marker)
    processor.use(remarkDirectives, {
      marker,
      embedsAllow: options.embedsAllow,
      maxBlocks: (options.limits ?? defaultBodyLimits).blocks,
    });
  processor
    .use(remarkSmartPunctuation)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRawWherePresent)
    .use(rehypeSanitize, createSanitizeSchema(marker))
    .use(rehypeEmbeds, { allow: options.embedsAllow })
    .use(rehypeElementPasses, [slugHeadings, placeLocalImages, collectLinks, footnoteAttributes]);
  if (marker) processor.use(rehypeDirectivePlaceholders, { marker });
  return processor.use(rehypeStringify).freeze();
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
      const key = `${syntax.emailAutolinks}/${syntax.tables}/${syntax.directives}`;
      let processor = processors.get(key);
      if (!processor) {
        processor = createMarkdownProcessor(options, syntax);
        processors.set(key, processor);
      }
      return processor;
    },
  };
}
