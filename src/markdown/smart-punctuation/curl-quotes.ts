import { punctuationKind, symbolKind, whiteSpaceKind, wordKind } from "./classify-character.js";
import { type LatinNode, parseSentences, sentenceKind, textOf } from "./parse-sentences.js";

const open = { '"': "\u201C", "'": "\u2018" } as const;
const close = { '"': "\u201D", "'": "\u2019" } as const;

/**
 * Turns straight quotes (`"` and `'`, each on its own) into curly ones, judging each by its
 * neighbours in its sentence or word as retext-smartypants 6 does: the same rules in the same
 * order, over the same sentences (see {@link parseSentences}). The result has the same length
 * as `text`, so callers can cut it back into the pieces it was joined from.
 */
export function curlQuotes(text: string): string {
  if (text.indexOf('"') === -1 && text.indexOf("'") === -1) return text;
  const paragraph = parseSentences(text);
  const changes: LatinNode[] = [];
  for (const child of paragraph) {
    if (child.kind === sentenceKind)
      visit(text, (child as { children: LatinNode[] }).children, changes);
  }
  if (changes.length === 0) return text;
  changes.sort((a, b) => a.start - b.start);
  let result = "";
  let from = 0;
  for (const node of changes) {
    result += text.slice(from, node.start) + node.value;
    from = node.end;
  }
  return result + text.slice(from);
}

/** Visits siblings in document order, descending into words, as unist-util-visit does. */
function visit(text: string, siblings: LatinNode[], changes: LatinNode[]): void {
  for (let index = 0; index < siblings.length; index++) {
    const node = siblings[index] as LatinNode;
    if (node.kind === punctuationKind || node.kind === symbolKind) {
      curlQuote(text, node, index, siblings, changes);
    } else if (node.children) {
      visit(text, node.children, changes);
    }
  }
}

function isPunctuationOrSymbol(node: LatinNode | undefined): boolean {
  return node !== undefined && (node.kind === punctuationKind || node.kind === symbolKind);
}

/** retext-smartypants' `quotesDefault`, case by case. */
function curlQuote(
  text: string,
  node: LatinNode,
  index: number,
  siblings: LatinNode[],
  changes: LatinNode[],
): void {
  const value = textOf(text, node);
  if (value !== '"' && value !== "'") return;
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  const nextNext = siblings[index + 2];
  const nextValue = next ? textOf(text, next) : "";
  let curled: string;
  if (isPunctuationOrSymbol(next) && (!nextNext || nextNext.kind !== wordKind)) {
    // A quote followed by punctuation at a non-word-break closes.
    curled = close[value];
  } else if (
    next &&
    isPunctuationOrSymbol(next) &&
    (nextValue === '"' || nextValue === "'") &&
    nextNext &&
    nextNext.kind === wordKind
  ) {
    // Two quotes before a word both open: `He said, "'Quoted' words."`
    curled = open[value];
    next.value = open[nextValue];
    changes.push(next);
  } else if (next && /^\d\ds$/.test(nextValue)) {
    // Decades: `the '80s`.
    curled = close[value];
  } else if (
    previous &&
    (previous.kind === whiteSpaceKind || isPunctuationOrSymbol(previous)) &&
    next &&
    next.kind === wordKind
  ) {
    curled = open[value];
  } else if (previous && previous.kind !== whiteSpaceKind && !isPunctuationOrSymbol(previous)) {
    curled = close[value];
  } else if (!next || next.kind === whiteSpaceKind || (value === "'" && nextValue === "s")) {
    curled = close[value];
  } else {
    curled = open[value];
  }
  node.value = curled;
  changes.push(node);
}
