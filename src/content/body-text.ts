import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { remarkSmartPunctuation } from "../markdown/remark-smart-punctuation.js";

const paragraphProcessor = unified().use(remarkParse).use(remarkSmartPunctuation).freeze();

const nonParagraphStart = /^(?:#|>|[-*+]\s|\d+[.)]\s|\||<|!\[|```|~~~|:::|\s{4})/;

/**
 * The most of a first paragraph that is parsed for the summary: about 650 words, more than any
 * summary shows. Parsing is superlinear on some hostile text (a long run of `*a`), and this runs
 * while content loads, before the Markdown phase's own limits; a longer paragraph is cut at
 * the last space before this.
 */
const summarySourceLimit = 4000;

/**
 * The first paragraph of a Markdown body as plain text with typographic quotes: the default
 * summary. Only the first paragraph-like block is parsed (at most {@link summarySourceLimit}
 * characters of it), so this stays cheap on long bodies. Story blocks are not the story's own
 * text: a paragraph inside a fact box or pull quote is never the summary.
 */
export function extractFirstParagraph(body: string): string {
  for (const block of withoutStoryBlocks(body).split(/\r?\n[ \t]*\r?\n/)) {
    const text = cutAtSpace(block.trim(), summarySourceLimit);
    if (!text || nonParagraphStart.test(text)) continue;
    const parsed = plainLine.test(text) ? plainParagraph(text) : paragraphProcessor.parse(text);
    const tree = paragraphProcessor.runSync(parsed) as Root;
    const paragraph = tree.children.find((node) => node.type === "paragraph");
    if (paragraph) return mdastToString(paragraph).replace(/\s+/g, " ").trim();
  }
  return "";
}

/**
 * A line that can only be a paragraph of one text node, its own characters: it starts with a
 * letter or an opening quote or bracket (no block starts so), and holds no line ending and none
 * of the characters that open Markdown's inline syntax (escapes, code, emphasis, links and
 * images, autolinks and HTML, character references) or that the parser replaces (NUL). Most
 * first paragraphs are such a line, and need no parse (the test in
 * test/content/first-paragraph.test.ts compares the two ways).
 */
const plainLine = /^[\p{L}"'“‘(][^\\`*_[\]!<&\r\n\0]*$/u;

/** The tree the parser makes of a {@link plainLine}. */
function plainParagraph(text: string): Root {
  return {
    type: "root",
    children: [{ type: "paragraph", children: [{ type: "text", value: text }] }],
  };
}

/**
 * The body with each story block's lines blanked: `::name` lines, and `:::name` containers to
 * their closing fence (one with at least as many colons). A scan of line starts, as cheap as the
 * split above; a body without `::` is returned as it is.
 */
function withoutStoryBlocks(body: string): string {
  if (!body.includes("::")) return body;
  const open: number[] = [];
  return body
    .split("\n")
    .map((line) => {
      const opening = /^[ \t]{0,3}(:{3,})[A-Za-z]/.exec(line);
      if (opening) {
        open.push((opening[1] as string).length);
        return "";
      }
      const closing = /^[ \t]{0,3}(:{3,})[ \t]*\r?$/.exec(line);
      if (closing && open.length > 0 && (closing[1] as string).length >= (open.at(-1) as number)) {
        open.pop();
        return "";
      }
      return open.length > 0 || /^[ \t]{0,3}::[A-Za-z]/.test(line) ? "" : line;
    })
    .join("\n");
}

function cutAtSpace(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const space = text.lastIndexOf(" ", limit);
  return text.slice(0, space > 0 ? space : limit);
}

/** Words in a Markdown body, for reading time. Markup and URLs are not words. */
export function countWords(body: string): number {
  // A character loop, not a Unicode regex: this runs on every article of every build.
  let words = 0;
  let inWord = false;
  let hasLetter = false;
  for (let i = 0; i <= body.length; i++) {
    const code = i < body.length ? body.charCodeAt(i) : 32;
    const space = code === 32 || code === 10 || code === 13 || code === 9;
    if (space) {
      if (inWord && hasLetter) words++;
      inWord = false;
      hasLetter = false;
    } else {
      inWord = true;
      // Letters and digits in any script; punctuation-only runs (`-`, `|`, `##`) are not words.
      if (
        (code >= 48 && code <= 57) ||
        (code >= 65 && code <= 90) ||
        (code >= 97 && code <= 122) ||
        (code > 127 && (code < 0x2000 || code > 0x206f))
      )
        hasLetter = true;
    }
  }
  return words;
}
