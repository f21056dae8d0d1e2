import { punctuationKind, symbolKind, whiteSpaceKind } from "./classify-character.js";
import {
  type LatinNode,
  parseSentences,
  sentenceKind,
  serialize,
  textOf,
} from "./parse-sentences.js";

const spacedDots = /\.\p{White_Space}+\./u;
const candidates = /--|\.\.\.|``|''/;

/**
 * Turns `--` into an em dash, three or more dots into an ellipsis (also `. . .`), ` `` ` into an
 * opening and `''` into a closing double quote, each only as a token of its own (`---` and
 * `` ``` `` stay), as retext-smartypants 6 does with its default options and quotes off.
 */
export function educatePunctuation(text: string): string {
  if (spacedDots.test(text)) return educateParsed(text);
  if (!candidates.test(text)) return text;
  // Without a spaced ellipsis every token is judged on its own, and a token is a run of one
  // character (a backtick run also takes a following surrogate, both being symbols).
  return text
    .replace(/\.{3,}/g, "\u2026")
    .replace(/(?<!`)``(?![`\uD800-\uDFFF])/g, "\u201C")
    .replace(/(?<!')''(?!')/g, "\u201D")
    .replace(/(?<!-)--(?!-)/g, "\u2014");
}

/**
 * The same over parsed sentences, for text with dots separated by white space: a spaced ellipsis
 * removes the dots and spaces before its last dot, and (as in retext-smartypants, whose visitor
 * then moves on by index) the tokens just after it are skipped.
 */
function educateParsed(text: string): string {
  const paragraph = parseSentences(text);
  for (const child of paragraph) {
    if (child.kind === sentenceKind) visit(text, (child as { children: LatinNode[] }).children);
  }
  return serialize(text, paragraph);
}

function visit(text: string, siblings: LatinNode[]): void {
  let index = 0;
  while (index < siblings.length) {
    const node = siblings[index] as LatinNode;
    if (node.kind === punctuationKind || node.kind === symbolKind) {
      educate(text, node, index, siblings);
    } else if (node.children) {
      visit(text, node.children);
    }
    index++;
  }
}

function educate(text: string, node: LatinNode, index: number, siblings: LatinNode[]): void {
  const value = textOf(text, node);
  if (/^\.+$/.test(value)) {
    // Spaced: dots, white space, dots... ending at this node (at least three dot tokens).
    const removed: LatinNode[] = [];
    let position = index;
    let count = 1;
    while (--position > 0) {
      const space = siblings[position] as LatinNode;
      if (space.kind !== whiteSpaceKind) break;
      const dots = siblings[--position];
      if (
        dots &&
        (dots.kind === punctuationKind || dots.kind === symbolKind) &&
        /^\.+$/.test(textOf(text, dots))
      ) {
        removed.push(space, dots);
        count++;
        continue;
      }
      break;
    }
    if (count >= 3) {
      siblings.splice(index - removed.length, removed.length);
      node.value = "\u2026";
      return;
    }
    if (value.length >= 3) node.value = "\u2026";
    return;
  }
  if (value === "``") node.value = "\u201C";
  else if (value === "''") node.value = "\u201D";
  else if (value === "--") node.value = "\u2014";
}
