import type { RenderedBody } from "../markdown/render-markdown.js";

/**
 * What rendering a body found besides its HTML: local images (placeholders in the HTML, filled
 * when a page renders), internal links (for the broken-link check) and located messages. Kept
 * in the build state by body key; the HTML is in the body store.
 */
export type BodyInfo = Omit<RenderedBody, "html">;
