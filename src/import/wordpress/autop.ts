import { importEmbedHtml, importEmbedTag } from "../convert/import-embed-html.js";

const blockTags = [
  "table",
  "thead",
  "tfoot",
  "caption",
  "col",
  "colgroup",
  "tbody",
  "tr",
  "td",
  "th",
  "div",
  "dl",
  "dd",
  "dt",
  "ul",
  "ol",
  "li",
  "pre",
  "form",
  "blockquote",
  "address",
  "math",
  "style",
  "p",
  "h[1-6]",
  "hr",
  "fieldset",
  "legend",
  "section",
  "article",
  "aside",
  "hgroup",
  "header",
  "footer",
  "nav",
  "figure",
  "figcaption",
  "details",
  "menu",
  "summary",
  importEmbedTag,
].join("|");

const blockTag = new RegExp(`(<(?:${blockTags})\\b[^>]*>|</(?:${blockTags})>)`, "gi");
const startsWithBlock = new RegExp(`^</?(?:${blockTags})\\b`, "i");

/**
 * Gives a classic-editor body its paragraphs, as WordPress's `wpautop` does when it shows one:
 * blank lines separate paragraphs, single line breaks become `<br>`, block-level HTML stands
 * on its own, and `<pre>` is left as written. A URL alone on its line becomes an embed, as
 * WordPress's auto-embed made it. Block-editor bodies already carry their markup and do not
 * pass through here.
 */
export function autop(html: string): string {
  const preserved: string[] = [];
  let text = html
    .replace(/\r\n?/g, "\n")
    .replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => {
      preserved.push(pre);
      return `\n\n<!--newsdeck-pre-${preserved.length - 1}-->\n\n`;
    })
    .replace(
      /^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gim,
      (_, url: string) => `\n\n${importEmbedHtml(url)}\n\n`,
    )
    .replace(blockTag, "\n\n$1\n\n");
  text = text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== "")
    .map((chunk) =>
      startsWithBlock.test(chunk) || chunk.startsWith("<!--newsdeck-pre-")
        ? chunk
        : `<p>${chunk.replace(/\n/g, "<br />\n")}</p>`,
    )
    .join("\n");
  return text.replace(
    /<!--newsdeck-pre-(\d+)-->/g,
    (_, index: string) => preserved[Number(index)] ?? "",
  );
}
