import type { Element } from "hast";
import type { BlockContent } from "mdast";
import type { Options } from "rehype-remark";

/** The tag of a hast element that stands for Markdown blocks decided before conversion. */
const tagName = "newsdeck-import-block";

/**
 * A hast element carrying ready-made Markdown blocks (an embed, a figure) through
 * rehype-remark, which copies the tree first: the blocks travel as JSON in a property.
 */
export function importBlockElement(nodes: readonly BlockContent[]): Element {
  return {
    type: "element",
    tagName,
    properties: { dataBlocks: JSON.stringify(nodes) },
    children: [],
  };
}

/** Whether an element carries converted blocks. */
export function isImportBlock(node: Element): boolean {
  return node.tagName === tagName;
}

/** The rehype-remark handler that puts the carried blocks in place. */
export const importBlockHandlers: NonNullable<Options["handlers"]> = {
  [tagName]: (_state, node) => {
    const json = node.properties.dataBlocks;
    return typeof json === "string" ? (JSON.parse(json) as BlockContent[]) : undefined;
  },
};
