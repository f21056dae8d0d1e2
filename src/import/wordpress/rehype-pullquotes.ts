import type { Element, Root } from "hast";
import { toString as textOf } from "hast-util-to-string";
import type { Options } from "rehype-remark";
import { SKIP, visit } from "unist-util-visit";
import { pullquoteBlock } from "../story-blocks.js";

/** The element a pull quote stands as between this step and Markdown. */
const pullquoteTag = "newsdeck-import-pullquote";

/** Classes that say an element is a pull quote: the block editor's, and classic themes'. */
const pullquoteClasses = new Set(["wp-block-pullquote", "pullquote", "pull-quote"]);

/**
 * Finds the pull quotes of a WordPress body: the pull quote block (`<figure
 * class="wp-block-pullquote"><blockquote><p>...</p><cite>...</cite></blockquote></figure>`, or
 * the older `<blockquote class="wp-block-pullquote">`) and a classic theme's
 * `<blockquote class="pullquote">`. Each becomes an element holding the quotation, its
 * citation kept aside as text, which {@link pullquoteHandlers} writes as
 * `:::pullquote{cite="..."}`. A quote without that class is a quotation, and stays one.
 */
export function rehypePullquotes() {
  return (tree: Root): void => {
    visit(tree, "element", (node, index, parent) => {
      if (!parent || index === undefined || !isPullquote(node)) return;
      const quote =
        (node.tagName === "blockquote" ? undefined : firstChild(node, "blockquote")) ?? node;
      const cite = takeCitations(quote).join(" ").replace(/\s+/g, " ").trim();
      parent.children[index] = {
        type: "element",
        tagName: pullquoteTag,
        properties: cite ? { dataCite: cite } : {},
        children: quote.children,
      };
      return SKIP;
    });
  };
}

/** The rehype-remark handler that writes a found pull quote as a story block. */
export const pullquoteHandlers: NonNullable<Options["handlers"]> = {
  [pullquoteTag]: (state, node) => {
    const content = state.toFlow(state.all(node));
    // A quote with nothing left but its citation has nothing to show.
    if (content.length === 0) return undefined;
    const cite = node.properties.dataCite;
    return pullquoteBlock(content, typeof cite === "string" ? cite : undefined);
  },
};

function isPullquote(node: Element): boolean {
  if (!["figure", "blockquote", "aside"].includes(node.tagName)) return false;
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.some((name) => pullquoteClasses.has(String(name)));
}

/**
 * Removes the `<cite>` elements of a quote and returns their text. A classic-editor quote has
 * them in paragraphs of their own (wpautop put them there): those paragraphs go with them.
 */
function takeCitations(quote: Element): string[] {
  const found: string[] = [];
  visit(quote, "element", (node, index, parent) => {
    if (!parent || index === undefined || node.tagName !== "cite") return;
    found.push(textOf(node));
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  visit(quote, "element", (node, index, parent) => {
    if (!parent || index === undefined || node.tagName !== "p") return;
    if (node.children.some((child) => child.type !== "text" || child.value.trim() !== "")) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  return found;
}

function firstChild(node: Element, tagName: string): Element | undefined {
  return node.children.find(
    (child): child is Element => child.type === "element" && child.tagName === tagName,
  );
}
