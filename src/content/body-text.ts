import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkParse from "remark-parse";
import remarkSmartypants from "remark-smartypants";
import { unified } from "unified";

const paragraphProcessor = unified().use(remarkParse).use(remarkSmartypants).freeze();

const nonParagraphStart = /^(?:#|>|[-*+]\s|\d+[.)]\s|\||<|!\[|```|~~~|:::|\s{4})/;

/**
 * The first paragraph of a Markdown body as plain text with typographic quotes: the default
 * summary. Only the first paragraph-like block is parsed, so this stays cheap on long bodies.
 */
export function extractFirstParagraph(body: string): string {
  for (const block of body.split(/\r?\n[ \t]*\r?\n/)) {
    const text = block.trim();
    if (!text || nonParagraphStart.test(text)) continue;
    const tree = paragraphProcessor.runSync(paragraphProcessor.parse(text)) as Root;
    const paragraph = tree.children.find((node) => node.type === "paragraph");
    if (paragraph) return mdastToString(paragraph).replace(/\s+/g, " ").trim();
  }
  return "";
}

/** Words in a Markdown body, for reading time. Markup and URLs are not words. */
export function countWords(body: string): number {
  const text = body
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/<[^>]+>/g, " ");
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}
