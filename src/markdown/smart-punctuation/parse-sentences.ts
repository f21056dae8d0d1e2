import {
  classifyCharacter,
  punctuationKind,
  symbolKind,
  whiteSpaceKind,
  wordKind,
} from "./classify-character.js";

/** A token of text: white space, punctuation or a symbol, or a word. */
export interface LatinNode {
  readonly kind: number;
  start: number;
  end: number;
  /** A word's parts: runs of word characters (`textKind`), punctuation and symbols merged in. */
  readonly children?: LatinNode[];
  /** A new value given by a transform (a curled quote); the text's slice otherwise. */
  value?: string;
}

/** A run of word characters inside a word. */
const textKind = 4;

/** A sentence: its tokens, words and the punctuation and symbols between them. */
export interface LatinSentence {
  readonly kind: typeof sentenceKind;
  children: LatinNode[];
}

export const sentenceKind = 5;

/** What a paragraph holds: sentences and the white space between them. */
export type ParagraphChild = LatinSentence | LatinNode;

/**
 * Splits text into sentences and words exactly as parse-latin 7 (retext's parser, which
 * remark-smartypants uses) does, so that quotes are judged against the same neighbours. The
 * rules are parse-latin's, in its order; the nodes are leaner (offsets instead of positions and
 * values), which is where the time went. Returns the one paragraph's children: parse-latin
 * splits paragraphs only after this, at white space with a line break, which changes no
 * sentence.
 */
export function parseSentences(text: string): ParagraphChild[] {
  const tokens = tokenize(text);
  mergeInitialWordSymbol(text, tokens);
  mergeFinalWordSymbol(text, tokens);
  mergeInnerWordSymbol(text, tokens);
  mergeInnerWordSlash(text, tokens);
  mergeInitialisms(text, tokens);
  const paragraph: ParagraphChild[] = splitSentences(text, tokens);
  mergeNonWordSentences(paragraph);
  mergeAffixSymbol(text, paragraph);
  mergeInitialLowerCaseLetterSentences(text, paragraph);
  mergeInitialDigitSentences(text, paragraph);
  mergePrefixExceptions(text, paragraph);
  mergeAffixExceptions(text, paragraph);
  mergeRemainingFullStops(text, paragraph);
  makeInitialWhiteSpaceSiblings(paragraph);
  makeFinalWhiteSpaceSiblings(paragraph);
  breakImplicitSentences(text, paragraph);
  removeEmptySentences(paragraph);
  return paragraph;
}

/**
 * The text of a token or word as the rules read it: a transform's value, or its slice of the text.
 * (Transforms only change tokens already passed, never the words the rules read after them.)
 */
export function textOf(text: string, node: LatinNode): string {
  return node.value ?? text.slice(node.start, node.end);
}

/** The text of a paragraph's nodes after transforms, words included. */
export function serialize(text: string, nodes: readonly ParagraphChild[]): string {
  let result = "";
  for (const node of nodes) {
    if (node.kind === sentenceKind || (node as LatinNode).children) {
      result += serialize(text, (node as { children: LatinNode[] }).children);
    } else {
      result += textOf(text, node as LatinNode);
    }
  }
  return result;
}

function isPunctuationOrSymbol(node: { kind: number } | undefined): boolean {
  return node !== undefined && (node.kind === punctuationKind || node.kind === symbolKind);
}

function isWord(node: { kind: number } | undefined): node is LatinNode & { children: LatinNode[] } {
  return node !== undefined && node.kind === wordKind;
}

function isSentence(node: ParagraphChild | undefined): node is LatinSentence {
  return node !== undefined && node.kind === sentenceKind;
}

/** Runs of one class: words and white space continue, punctuation and symbols per character. */
function tokenize(text: string): LatinNode[] {
  const tokens: LatinNode[] = [];
  const length = text.length;
  if (length === 0) return tokens;
  let from = 0;
  let previousKind = classifyCharacter(text.charCodeAt(0));
  let previous = text.charCodeAt(0);
  for (let index = 1; index < length; index++) {
    const code = text.charCodeAt(index);
    const kind = classifyCharacter(code);
    const continues =
      kind === previousKind &&
      (kind === wordKind ||
        kind === whiteSpaceKind ||
        code === previous ||
        (code >= 0xd800 && code <= 0xdfff));
    if (!continues) {
      tokens.push(createToken(previousKind, from, index));
      from = index;
    }
    previousKind = kind;
    previous = code;
  }
  tokens.push(createToken(previousKind, from, length));
  return tokens;
}

function createToken(kind: number, start: number, end: number): LatinNode {
  return kind === wordKind
    ? { kind, start, end, children: [{ kind: textKind, start, end }] }
    : { kind, start, end };
}

/**
 * Runs `modify` over `list` as unist-util-modify-children does: a returned number is the index
 * to continue from, anything else moves on to the next child.
 */
function modifyChildren<T>(list: T[], modify: (child: T, index: number) => number | undefined) {
  let index = -1;
  while (++index < list.length) {
    const result = modify(list[index] as T, index);
    if (typeof result === "number") index = result - 1;
  }
}

// Sentence plugins: these run once over all tokens of the text, before it is split.

function mergeInitialWordSymbol(text: string, tokens: LatinNode[]): void {
  modifyChildren(tokens, (child, index) => {
    if (!isPunctuationOrSymbol(child) || textOf(text, child) !== "&") return undefined;
    const next = tokens[index + 1];
    if ((index > 0 && isWord(tokens[index - 1])) || !isWord(next)) return undefined;
    tokens.splice(index, 1);
    next.children.unshift(child);
    next.start = child.start;
    return index - 1;
  });
}

function mergeFinalWordSymbol(text: string, tokens: LatinNode[]): void {
  modifyChildren(tokens, (child, index) => {
    if (index === 0 || !isPunctuationOrSymbol(child) || textOf(text, child) !== "-") {
      return undefined;
    }
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (isWord(next) || !isWord(previous)) return undefined;
    tokens.splice(index, 1);
    previous.children.push(child);
    previous.end = child.end;
    return index;
  });
}

const wordSymbolInner = /^(?:[&'\-.:=?@\u00AD\u00B7\u2010\u2011\u2019\u2027]|_+)$/;

function mergeInnerWordSymbol(text: string, tokens: LatinNode[]): void {
  modifyChildren(tokens, (child, index) => {
    if (index === 0 || !isPunctuationOrSymbol(child)) return undefined;
    const previous = tokens[index - 1];
    if (!isWord(previous)) return undefined;
    let position = index - 1;
    const merged: LatinNode[] = [];
    let queue: LatinNode[] = [];
    for (;;) {
      const sibling = tokens[++position];
      if (!sibling) break;
      if (isWord(sibling)) {
        merged.push(...queue, ...sibling.children);
        queue = [];
      } else if (isPunctuationOrSymbol(sibling) && wordSymbolInner.test(textOf(text, sibling))) {
        queue.push(sibling);
      } else {
        break;
      }
    }
    if (merged.length === 0) return undefined;
    if (queue.length > 0) position -= queue.length;
    tokens.splice(index, position - index);
    previous.children.push(...merged);
    previous.end = (merged[merged.length - 1] as LatinNode).end;
    return index;
  });
}

function mergeInnerWordSlash(text: string, tokens: LatinNode[]): void {
  modifyChildren(tokens, (child, index) => {
    const previous = tokens[index - 1];
    if (!isWord(previous) || !isPunctuationOrSymbol(child) || textOf(text, child) !== "/") {
      return undefined;
    }
    const previousValue = textOf(text, previous);
    let tail = child;
    const queue = [child];
    let count = 1;
    let nextValue = "";
    const next = tokens[index + 1];
    if (isWord(next)) {
      nextValue = textOf(text, next);
      tail = next;
      queue.push(...next.children);
      count++;
    }
    if (previousValue.length < 3 && (!nextValue || nextValue.length < 3)) {
      previous.children.push(...queue);
      tokens.splice(index, count);
      previous.end = tail.end;
      return index;
    }
    return undefined;
  });
}

const numerical = /^\p{N}+$/u;

function mergeInitialisms(text: string, tokens: LatinNode[]): void {
  modifyChildren(tokens, (child, index) => {
    if (index === 0 || child.kind !== punctuationKind || textOf(text, child) !== ".") {
      return undefined;
    }
    const previous = tokens[index - 1];
    if (!isWord(previous)) return undefined;
    const parts = previous.children;
    if (parts.length === 1 || parts.length % 2 === 0) return undefined;
    let position = parts.length;
    let isAllDigits = true;
    while (parts[--position]) {
      const value = textOf(text, parts[position] as LatinNode);
      if (position % 2 === 0) {
        if (value.length > 1) return undefined;
        if (!numerical.test(value)) isAllDigits = false;
      } else if (value !== ".") {
        if (position < parts.length - 2) break;
        return undefined;
      }
    }
    if (isAllDigits) return undefined;
    tokens.splice(index, 1);
    parts.push(child);
    previous.end = child.end;
    return index;
  });
}

const terminalMarker = /^[!.?\u2026\u203D]+$/;

/** Ends a sentence after each punctuation token of terminal marks, and at the end. */
function splitSentences(text: string, tokens: LatinNode[]): LatinSentence[] {
  const sentences: LatinSentence[] = [];
  let start = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as LatinNode;
    if (
      index === tokens.length - 1 ||
      (token.kind === punctuationKind && terminalMarker.test(textOf(text, token)))
    ) {
      sentences.push({ kind: sentenceKind, children: tokens.slice(start, index + 1) });
      start = index + 1;
    }
  }
  return sentences;
}

// Paragraph plugins: these join and break the sentences.

function mergeNonWordSentences(paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child) || child.children.some((node) => node.kind === wordKind)) {
      return undefined;
    }
    const previous = paragraph[index - 1];
    if (isSentence(previous)) {
      previous.children.push(...child.children);
      paragraph.splice(index, 1);
      return index;
    }
    const next = paragraph[index + 1];
    if (isSentence(next)) {
      next.children.unshift(...child.children);
      paragraph.splice(index, 1);
    }
    return undefined;
  });
}

const affixSymbol = /^([!"').?\u2026\u203D\p{Pe}\p{Pf}])\1*$/u;

function mergeAffixSymbol(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child) || child.children.length === 0 || index === 0) return undefined;
    const previous = paragraph[index - 1];
    const first = child.children[0] as LatinNode;
    if (
      isSentence(previous) &&
      isPunctuationOrSymbol(first) &&
      affixSymbol.test(textOf(text, first))
    ) {
      child.children.shift();
      previous.children.push(first);
      return index - 1;
    }
    return undefined;
  });
}

const lowerInitial = /^\p{Ll}/u;

function mergeInitialLowerCaseLetterSentences(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child) || index === 0) return undefined;
    const previous = paragraph[index - 1];
    if (child.children.length === 0 || !isSentence(previous)) return undefined;
    for (const node of child.children) {
      if (node.kind === wordKind) {
        if (!lowerInitial.test(textOf(text, node))) return undefined;
        previous.children.push(...child.children);
        paragraph.splice(index, 1);
        return index;
      }
      if (isPunctuationOrSymbol(node)) return undefined;
    }
    return undefined;
  });
}

function mergeInitialDigitSentences(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    const previous = paragraph[index - 1];
    if (!isSentence(previous) || !isSentence(child)) return undefined;
    const head = child.children[0];
    if (isWord(head) && /^\d/.test(textOf(text, head))) {
      previous.children.push(...child.children);
      paragraph.splice(index, 1);
      return index;
    }
    return undefined;
  });
}

const abbreviationPrefix =
  /^(?:[0-9]{1,3}|[a-z]|al|ca|cap|cca|cent|cf|cit|con|cp|cwt|ead|etc|ff|fl|ibid|id|nem|op|pro|seq|sic|stat|tem|viz)$/;

function mergePrefixExceptions(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child) || child.children.length <= 1) return undefined;
    const period = child.children[child.children.length - 1];
    if (!isPunctuationOrSymbol(period) || textOf(text, period as LatinNode) !== ".") {
      return undefined;
    }
    const node = child.children[child.children.length - 2];
    if (!isWord(node) || !abbreviationPrefix.test(textOf(text, node).toLowerCase())) {
      return undefined;
    }
    node.children.push(period as LatinNode);
    child.children.pop();
    node.end = (period as LatinNode).end;
    const next = paragraph[index + 1];
    if (isSentence(next)) {
      child.children.push(...next.children);
      paragraph.splice(index + 1, 1);
      return index - 1;
    }
    return undefined;
  });
}

function mergeAffixExceptions(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    const previous = paragraph[index - 1];
    if (!isSentence(previous) || !isSentence(child) || child.children.length === 0) {
      return undefined;
    }
    for (const node of child.children) {
      if (node.kind === wordKind) return undefined;
      if (isPunctuationOrSymbol(node)) {
        const value = textOf(text, node);
        if (value !== "," && value !== ";") return undefined;
        previous.children.push(...child.children);
        paragraph.splice(index, 1);
        return index;
      }
    }
    return undefined;
  });
}

function mergeRemainingFullStops(text: string, paragraph: ParagraphChild[]): void {
  for (let index = 0; index < paragraph.length; index++) {
    const child = paragraph[index];
    if (!isSentence(child)) continue;
    const children = child.children;
    let position = children.length;
    let hasFoundDelimiter = false;
    for (;;) {
      const grandchild = children[--position];
      if (!grandchild) break;
      if (!isPunctuationOrSymbol(grandchild)) {
        if (grandchild.kind === wordKind) hasFoundDelimiter = true;
        continue;
      }
      const value = textOf(text, grandchild);
      if (!terminalMarker.test(value)) continue;
      if (!hasFoundDelimiter) {
        hasFoundDelimiter = true;
        continue;
      }
      if (value !== ".") continue;
      const previous = children[position - 1];
      const next = children[position + 1];
      if (isWord(previous)) {
        const nextNext = children[position + 2];
        if (next && nextNext && next.kind === whiteSpaceKind && textOf(text, nextNext) === ".") {
          continue;
        }
        children.splice(position, 1);
        previous.children.push(grandchild);
        previous.end = grandchild.end;
        position--;
      } else if (isWord(next)) {
        children.splice(position, 1);
        next.children.unshift(grandchild);
        next.start = grandchild.start;
      }
    }
  }
}

function makeInitialWhiteSpaceSiblings(paragraph: ParagraphChild[]): void {
  for (let index = 0; index < paragraph.length; index++) {
    const child = paragraph[index];
    if (!isSentence(child)) continue;
    const head = child.children[0];
    if (head && head.kind === whiteSpaceKind) {
      child.children.shift();
      paragraph.splice(index, 0, head);
    }
  }
}

function makeFinalWhiteSpaceSiblings(paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child)) return undefined;
    const tail = child.children[child.children.length - 1];
    if (!tail || tail.kind !== whiteSpaceKind) return undefined;
    child.children.pop();
    paragraph.splice(index + 1, 0, tail);
    return index;
  });
}

function breakImplicitSentences(text: string, paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child)) return undefined;
    const children = child.children;
    let position = 0;
    while (++position < children.length - 1) {
      const node = children[position] as LatinNode;
      if (node.kind !== whiteSpaceKind || textOf(text, node).split(/\r\n|\r|\n/).length < 3) {
        continue;
      }
      child.children = children.slice(0, position);
      const insertion: LatinSentence = {
        kind: sentenceKind,
        children: children.slice(position + 1),
      };
      paragraph.splice(index + 1, 0, node, insertion);
      return index + 1;
    }
    return undefined;
  });
}

function removeEmptySentences(paragraph: ParagraphChild[]): void {
  modifyChildren(paragraph, (child, index) => {
    if (!isSentence(child) || child.children.length > 0) return undefined;
    paragraph.splice(index, 1);
    return index;
  });
}
