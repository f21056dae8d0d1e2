import rehypeParse from "rehype-parse";
import rehypeRemark from "rehype-remark";
import remarkStringify from "remark-stringify";
import { unified } from "unified";
import { VFile } from "vfile";
import { importBlockHandlers } from "../convert/import-block-element.js";
import { markdownStyle } from "../convert/markdown-text.js";
import { rehypeImportMedia } from "../convert/rehype-import-media.js";
import { remarkDirectiveToMarkdown } from "../convert/remark-directive-to-markdown.js";
import { remarkGfmToMarkdown } from "../convert/remark-gfm-to-markdown.js";
import type { BodyContext } from "../source-archive.js";
import { autop } from "./autop.js";
import { expandShortcodes, type ShortcodeContext } from "./expand-shortcodes.js";
import { rehypeGutenbergBlocks } from "./rehype-gutenberg-blocks.js";
import { pullquoteHandlers, rehypePullquotes } from "./rehype-pullquotes.js";

/**
 * HTML to Markdown through unified, configured once: rehype-parse -> Gutenberg block comments
 * -> pull quotes -> media, embeds and links -> rehype-remark -> GFM and story blocks ->
 * remark-stringify.
 */
const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeGutenbergBlocks)
  .use(rehypePullquotes)
  .use(rehypeImportMedia)
  .use(rehypeRemark, { handlers: { ...importBlockHandlers, ...pullquoteHandlers } })
  .use(remarkGfmToMarkdown)
  .use(remarkDirectiveToMarkdown)
  .use(remarkStringify, markdownStyle)
  .freeze();

/**
 * Converts a WordPress post body to Newsdeck Markdown: shortcodes first (they are text in the
 * saved HTML), then paragraphs for classic-editor bodies (WordPress added them only when showing
 * the post), then the HTML conversion.
 */
export async function wordpressBodyToMarkdown(
  raw: string,
  context: BodyContext,
  shortcodes: Omit<ShortcodeContext, "note">,
): Promise<string> {
  const bodyLine = context.story.bodyLine;
  const blockEditor = /<!--\s*wp:/.test(raw);
  let html = expandShortcodes(raw, {
    ...shortcodes,
    note: (code, lineInBody, message) => context.note(code, bodyLine + lineInBody, message),
  });
  if (!blockEditor) html = autop(html);
  const file = new VFile({
    value: html,
    data: { importContext: context, importLine: bodyLine, importLinePrecise: blockEditor },
  });
  const result = await processor.process(file);
  return String(result).trim();
}
