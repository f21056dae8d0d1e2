import type { BodyContext } from "../source-archive.js";
import { collapseBlankLines } from "./collapse-blank-lines.js";
import { escapeStrayBlocks } from "./escape-stray-blocks.js";
import type { LineMap } from "./line-map.js";
import { rewriteMarkdownRefs } from "./rewrite-markdown-refs.js";

/**
 * The last steps of a Markdown body whose shortcodes or Liquid are converted: text that reads
 * as a story block kept as text, its images, links and framed embeds resolved (notes located in
 * the source through the conversion's line map), then the blank lines the conversion left
 * shortened.
 */
export async function finishMarkdownBody(
  converted: { readonly text: string; readonly lines: LineMap },
  context: BodyContext,
): Promise<string> {
  const rewritten = await rewriteMarkdownRefs(
    escapeStrayBlocks(converted.text),
    context,
    (line) => context.story.bodyLine + converted.lines.sourceLine(line) - 1,
  );
  return collapseBlankLines(rewritten);
}
