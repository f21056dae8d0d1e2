import type { Element } from "hast";
import type { BlockContent, PhrasingContent, RootContent } from "mdast";
import type { Options } from "rehype-remark";

/** The tag of a hast element that stands for Markdown blocks decided before conversion. */
const blockTag = "newsdeck-import-block";

/**
 * A hast element carrying ready-made Markdown blocks (an embed, a figure) through
 * rehype-remark, which copies the tree first: the blocks travel as JSON in a property. Among
 * the text of a paragraph the carrier is a `span`, so the spaces around it stay, and the blocks
 * come out as the phrasing they hold (a link paragraph becomes the link).
 */
export function importBlockElement(nodes: readonly BlockContent[], inline = false): Element {
  return {
    type: "element",
    tagName: inline ? "span" : blockTag,
    properties: { dataBlocks: JSON.stringify(nodes) },
    // Not empty: white space is collapsed across an empty element, and the space after it lost.
    children: [{ type: "text", value: "block" }],
  };
}

/** Whether an element carries converted blocks. */
export function isImportBlock(node: Element): boolean {
  return node.tagName === blockTag || (node.tagName === "span" && "dataBlocks" in node.properties);
}

/**
 * Whether an element carries a story block: a block of its own, which cannot stand among a
 * paragraph's text as a link can.
 */
export function carriesStoryBlock(node: Element): boolean {
  return (carried(node) ?? []).some(
    (block) => block.type === "leafDirective" || block.type === "containerDirective",
  );
}

function carried(node: Element): BlockContent[] | undefined {
  const json = node.properties.dataBlocks;
  return typeof json === "string" ? (JSON.parse(json) as BlockContent[]) : undefined;
}

/** The rehype-remark handlers that put the carried blocks in place. */
export const importBlockHandlers: NonNullable<Options["handlers"]> = {
  [blockTag]: (_state, node) => carried(node),
  span: (state, node) => {
    const blocks = carried(node);
    if (!blocks) return state.all(node) as PhrasingContent[];
    return blocks.flatMap((block): RootContent[] =>
      block.type === "paragraph" ? block.children : [block],
    );
  },
};
