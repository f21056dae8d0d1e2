import type { Root, RootContent } from "mdast";
import remarkStringify, { type Options as StringifyOptions } from "remark-stringify";
import { unified } from "unified";
import { remarkDirectiveToMarkdown } from "./remark-directive-to-markdown.js";
import { remarkGfmToMarkdown } from "./remark-gfm-to-markdown.js";

/**
 * How imported Markdown is written: `-` bullets, `_emphasis_`, `**strong**`, fenced code, `---`
 * rules. Fixed, so that the same archive always gives the same bytes.
 */
export const markdownStyle: StringifyOptions = {
  bullet: "-",
  emphasis: "_",
  strong: "*",
  fences: true,
  rule: "-",
  listItemIndent: "one",
  resourceLink: true,
};

const stringifier = unified()
  .use(remarkGfmToMarkdown)
  .use(remarkDirectiveToMarkdown)
  .use(remarkStringify, markdownStyle)
  .freeze();

/** Markdown text of a few blocks (a converted shortcode or Liquid tag), without a final newline. */
export function blocksToMarkdown(nodes: readonly RootContent[]): string {
  const root: Root = { type: "root", children: [...nodes] };
  return stringifier.stringify(root).trimEnd();
}
