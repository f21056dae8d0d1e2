import type { Nodes, Root, Text } from "mdast";
import { curlQuotes } from "./smart-punctuation/curl-quotes.js";
import { educatePunctuation } from "./smart-punctuation/educate-punctuation.js";

/** Blocks whose text starts afresh: a quote at their start opens. */
const blockTypes = new Set(["paragraph", "heading", "tableCell"]);

/**
 * Typographic punctuation in prose: curly quotes and apostrophes, `--` as an em dash, `...` as an
 * ellipsis. The same output as remark-smartypants 3 (the test in
 * test/markdown/smart-punctuation.test.ts compares them and names each deliberate difference),
 * without building a natural-language tree per text node.
 *
 * Quotes are judged across the text of the whole body joined together, so a quote before a link,
 * emphasis or inline code pairs with the one after it; inline code counts as a word there and is
 * never changed, nor is anything in code blocks or raw HTML. Each block starts with a space, so a
 * quote at its start opens. Dashes and ellipses are then done per text node.
 */
export function remarkSmartPunctuation() {
  return (tree: Root) => {
    const prose: Prose = { texts: [], offsets: [], pieces: [], length: 0 };
    collect(tree, prose);
    if (prose.texts.length === 0) return;
    const curled = curlQuotes(prose.pieces.join(""));
    for (const [index, node] of prose.texts.entries()) {
      const offset = prose.offsets[index] as number;
      node.value = educatePunctuation(curled.slice(offset, offset + node.value.length));
    }
  };
}

/** The prose of a body joined, and where each text node's value is in it. */
interface Prose {
  readonly texts: Text[];
  readonly offsets: number[];
  readonly pieces: string[];
  length: number;
}

/**
 * Collects the body's prose in document order (remark-smartypants' visit): text as it is, inline
 * code as as many word characters, a space before each paragraph, heading and table cell.
 */
function collect(node: Nodes, prose: Prose): void {
  if (!("children" in node)) return;
  for (const child of node.children) {
    if (child.type === "text") {
      prose.texts.push(child);
      prose.offsets.push(prose.length);
      add(prose, child.value);
    } else if (child.type === "inlineCode") {
      add(prose, "A".repeat(child.value.length));
    } else {
      if (blockTypes.has(child.type)) add(prose, " ");
      collect(child, prose);
    }
  }
}

function add(prose: Prose, piece: string): void {
  prose.pieces.push(piece);
  prose.length += piece.length;
}
