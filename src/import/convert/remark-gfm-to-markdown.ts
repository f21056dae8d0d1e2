import { gfmToMarkdown } from "mdast-util-gfm";
import type { Processor } from "unified";

/**
 * Writes GitHub-flavoured Markdown (tables, strikethrough, task lists, footnotes) with
 * remark-stringify: the serializing half of GFM, for Markdown the import writes. Parsing uses
 * the build's own `remarkGfmConstructs`.
 */
export function remarkGfmToMarkdown(this: Processor) {
  const data = this.data();
  data.toMarkdownExtensions = [...(data.toMarkdownExtensions ?? []), gfmToMarkdown()];
}
