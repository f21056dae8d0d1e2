import type { ElementPassFactory } from "./rehype-element-passes.js";

/**
 * Writes GFM footnotes' marker attributes as empty strings (`data-footnote-ref`, not
 * `data-footnote-ref=""`): remark-rehype sets them to `true`, and every body used to go through
 * the HTML parser, which gave them back empty. Bodies without raw HTML no longer do, and keep the
 * same bytes this way (and render to the same HTML when rendered again).
 */
export const footnoteAttributes: ElementPassFactory = () => ({
  tagNames: ["a", "section"],
  enter(node) {
    const properties = node.properties;
    if (properties.dataFootnoteRef === true) properties.dataFootnoteRef = "";
    if (properties.dataFootnotes === true) properties.dataFootnotes = "";
  },
});
