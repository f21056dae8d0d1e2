import rehypeRaw from "rehype-raw";
import rehypeSanitize from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { rehypeCollectLinks } from "./rehype-collect-links.js";
import { rehypeEmbeds } from "./rehype-embeds.js";
import { rehypeLocalImages } from "./rehype-local-images.js";
import { remarkSmartPunctuation } from "./remark-smart-punctuation.js";
import { createSanitizeSchema } from "./sanitize-schema.js";

/** What changes the HTML a body renders to. Part of the cache key of rendered bodies. */
export interface MarkdownOptions {
  /** Hosts whose iframes survive sanitizing (config `embeds.allow`). */
  readonly embedsAllow: readonly string[];
}

/**
 * Builds the one unified processor of a build, frozen:
 * remark-parse -> GFM -> typographic quotes -> remark-rehype -> raw HTML parsed -> sanitize ->
 * embeds allow-list -> heading ids -> local images -> link collection -> HTML.
 *
 * Sanitizing runs after every transform that could introduce URLs from content, and the local
 * image step only inserts markup built from trusted values.
 */
export function createMarkdownProcessor(options: MarkdownOptions) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkSmartPunctuation)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, createSanitizeSchema())
    .use(rehypeEmbeds, { allow: options.embedsAllow })
    .use(rehypeSlug)
    .use(rehypeLocalImages)
    .use(rehypeCollectLinks)
    .use(rehypeStringify)
    .freeze();
}

/** The frozen processor type. */
export type MarkdownProcessor = ReturnType<typeof createMarkdownProcessor>;
