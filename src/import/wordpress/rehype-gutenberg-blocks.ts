import type { Element, ElementContent, Root, RootContent } from "hast";
import type { VFile } from "vfile";
import { importEmbedTag } from "../convert/import-embed-html.js";

/** Blocks whose saved HTML is their content: kept as it is, the comments removed. */
const contentBlocks = new Set([
  "paragraph",
  "heading",
  "list",
  "list-item",
  "quote",
  "pullquote",
  "image",
  "gallery",
  "table",
  "code",
  "preformatted",
  "verse",
  "separator",
  "html",
  "shortcode",
  "freeform",
  "columns",
  "column",
  "group",
  "row",
  "stack",
  "cover",
  "media-text",
  "buttons",
  "button",
  "details",
  "footnotes",
  "video",
  "audio",
  "file",
  "missing",
]);

/** Blocks that are layout or paging only: removed with what they hold. */
const removedBlocks = new Set(["more", "nextpage", "spacer"]);

const blockComment =
  /^\s*(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s*(\{[\s\S]*?\})?\s*(\/)?\s*$/;

/**
 * Reads the Gutenberg block comments of a WordPress body (`<!-- wp:embed {"url":...} -->` ...
 * `<!-- /wp:embed -->`): embed blocks become embed markers carrying their URL and caption, layout
 * and paging blocks go, blocks that saved their HTML keep it, and blocks that saved nothing
 * (dynamic blocks such as latest posts, reusable blocks) are reported, since a static copy has
 * nothing to show for them. Every block comment is removed.
 */
export function rehypeGutenbergBlocks() {
  return (tree: Root, file: VFile): void => {
    const report = file.data.importContext;
    const startLine = file.data.importLine ?? 1;
    const lineOf = (node: RootContent) => startLine + (node.position?.start.line ?? 1) - 1;
    const walk = (parent: Root | Element) => {
      const children = parent.children as RootContent[];
      for (let i = 0; i < children.length; i++) {
        const node = children[i];
        if (!node) continue;
        if (node.type === "element") {
          walk(node);
          continue;
        }
        if (node.type !== "comment") continue;
        const match = blockComment.exec(node.value);
        if (!match) continue;
        const [, closing, rawName = "", json, selfClosing] = match;
        const name = rawName.startsWith("core/") ? rawName.slice(5) : rawName;
        if (closing) {
          children.splice(i--, 1);
          continue;
        }
        const end = selfClosing ? i : findClose(children, i, rawName);
        const inner = children.slice(i + 1, end);
        const attributes = parseAttributes(json);
        let replacement: RootContent[] = inner;
        if (name === "embed" || name.startsWith("core-embed/")) {
          const url = typeof attributes.url === "string" ? attributes.url : firstUrl(inner);
          replacement = url ? [embedMarker(url, captionOf(inner))] : [];
        } else if (removedBlocks.has(name)) {
          replacement = [];
        } else if (selfClosing || inner.every(isBlank)) {
          report?.note(
            "BlockNotConverted",
            lineOf(node),
            `the block "${rawName}" saved no content (WordPress built it when the page was shown) and was removed`,
          );
          replacement = [];
        } else if (!contentBlocks.has(name)) {
          report?.note(
            "BlockNotConverted",
            lineOf(node),
            `the block "${rawName}" was imported as the HTML it saved`,
          );
        }
        // What the block held is looked at again: blocks nest (a list holds list items).
        children.splice(i, end - i + 1, ...replacement);
        i--;
      }
    };
    walk(tree);
  };
}

/** The index of the comment closing the block opened at `start` (the end of the list when none). */
function findClose(children: readonly RootContent[], start: number, name: string): number {
  let depth = 0;
  for (let i = start + 1; i < children.length; i++) {
    const node = children[i];
    if (node?.type !== "comment") continue;
    const match = blockComment.exec(node.value);
    if (!match || match[2] !== name || match[4]) continue;
    if (!match[1]) depth++;
    else if (depth-- === 0) return i;
  }
  return children.length;
}

function parseAttributes(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isBlank(node: RootContent): boolean {
  return node.type === "text" ? node.value.trim() === "" : node.type === "comment";
}

/** The URL an embed block saved as text (`<div class="wp-block-embed__wrapper">URL</div>`). */
function firstUrl(nodes: readonly RootContent[]): string | undefined {
  for (const node of nodes) {
    if (node.type === "text") {
      const url = /https?:\/\/\S+/.exec(node.value)?.[0];
      if (url) return url;
    } else if (node.type === "element" && node.tagName !== "figcaption") {
      const url = firstUrl(node.children);
      if (url) return url;
    }
  }
  return undefined;
}

function captionOf(nodes: readonly RootContent[]): string | undefined {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    if (node.tagName === "figcaption") return textOf(node).trim() || undefined;
    const inner = captionOf(node.children);
    if (inner) return inner;
  }
  return undefined;
}

function textOf(node: Element | ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  return node.children.map(textOf).join("");
}

function embedMarker(url: string, caption: string | undefined): Element {
  const properties: Element["properties"] = { dataUrl: url };
  if (caption) properties.dataCaption = caption;
  return { type: "element", tagName: importEmbedTag, properties, children: [] };
}
