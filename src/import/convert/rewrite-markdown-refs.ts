import type { Definition, Html, Image, ImageReference, Link, Nodes, Paragraph, Root } from "mdast";
import { visit } from "unist-util-visit";
import type { BodyContext } from "../source-archive.js";
import { escapeHtml } from "./import-embed-html.js";
import { importedMarkdownParser } from "./imported-markdown-parser.js";
import { blocksToMarkdown } from "./markdown-text.js";

/** A change to the Markdown text: the range it replaces and what goes there. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites where a Markdown body's images and links point, leaving every other byte as the
 * writer wrote it: images are resolved by the context (copied beside the story, kept remote,
 * or removed when nothing holds them; an image alone in its paragraph with a title becomes a
 * figure), links to old story URLs go to the new ones, raw HTML `<img>` and `<a>` tags are
 * rewritten the same way, and an `<iframe>` standing as a block of its own becomes an embed
 * (see `story-blocks.ts`). `lineOf` maps a line of this text to the source file's line.
 */
export async function rewriteMarkdownRefs(
  markdown: string,
  context: BodyContext,
  lineOf: (line: number) => number,
): Promise<string> {
  const tree = importedMarkdownParser.parse(markdown) as Root;
  const edits: Promise<Edit | undefined>[] = [];
  const imageIds = new Set<string>();
  visit(tree, "imageReference", (node: ImageReference) => {
    imageIds.add(node.identifier);
  });
  const at = (node: Nodes) => lineOf(node.position?.start.line ?? 1);
  const range = (node: Nodes) => ({
    start: node.position?.start.offset ?? 0,
    end: node.position?.end.offset ?? 0,
  });

  visit(tree, (node, _index, parent) => {
    if (node.type === "image") {
      const alone =
        parent?.type === "paragraph" &&
        (parent as Paragraph).children.filter((c) => !(c.type === "text" && !c.value.trim()))
          .length === 1;
      if (alone && node.title) {
        edits.push(figureEdit(node, context, at(node), range(parent as Paragraph)));
      } else {
        edits.push(imageEdit(node, context, at(node), range(node)));
      }
      return;
    }
    if (node.type === "definition") {
      edits.push(
        definitionEdit(node, imageIds.has(node.identifier), context, at(node), range(node)),
      );
      return;
    }
    if (node.type === "link") {
      edits.push(Promise.resolve(linkEdit(node, markdown, context)));
      return;
    }
    if (node.type === "html") {
      // Only an HTML block holds a whole `<iframe></iframe>`: inline HTML is one tag a node.
      const frame = loneFrame(node.value);
      if (frame) {
        const blocks = context.embed({ ...frame, framed: true }, at(node));
        edits.push(Promise.resolve({ ...range(node), text: blocksToMarkdown(blocks) }));
      } else edits.push(htmlEdit(node, context, at(node), range(node)));
    }
  });
  const decided = (await Promise.all(edits)).filter((edit): edit is Edit => edit !== undefined);
  let text = markdown;
  for (const edit of decided.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  return text;
}

async function figureEdit(
  image: Image,
  context: BodyContext,
  line: number,
  at: { start: number; end: number },
): Promise<Edit> {
  const blocks = await context.figure(
    { src: image.url, alt: image.alt ?? "", caption: image.title ?? undefined },
    line,
  );
  return { ...at, text: blocks.length ? blocksToMarkdown(blocks) : "" };
}

async function imageEdit(
  image: Image,
  context: BodyContext,
  line: number,
  at: { start: number; end: number },
): Promise<Edit | undefined> {
  const resolved = await context.image(image.url, line, image.alt ?? "");
  if (resolved.kind === "missing") return { ...at, text: "" };
  if (resolved.kind === "link")
    return {
      ...at,
      text: inlineMarkdown({
        type: "link",
        url: resolved.href,
        children: [{ type: "text", value: resolved.alt || resolved.href }],
      }),
    };
  if (resolved.src === image.url && resolved.alt === (image.alt ?? "")) return undefined;
  return {
    ...at,
    text: inlineMarkdown({
      type: "image",
      url: resolved.src,
      alt: resolved.alt,
      title: image.title ?? null,
    }),
  };
}

async function definitionEdit(
  definition: Definition,
  forImage: boolean,
  context: BodyContext,
  line: number,
  at: { start: number; end: number },
): Promise<Edit | undefined> {
  let url: string;
  if (forImage) {
    const resolved = await context.image(definition.url, line, "");
    if (resolved.kind === "missing") return { ...at, text: "" };
    url = resolved.kind === "link" ? resolved.href : resolved.src;
  } else url = context.link(definition.url);
  if (url === definition.url) return undefined;
  return { ...at, text: blocksToMarkdown([{ ...definition, url }]) };
}

/** Replaces only the destination of `[text](destination "title")`, keeping the text as written. */
function linkEdit(link: Link, markdown: string, context: BodyContext): Edit | undefined {
  const url = context.link(link.url);
  if (url === link.url) return undefined;
  const start = link.position?.start.offset;
  const end = link.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const textEnd = link.children.at(-1)?.position?.end.offset ?? start + 1;
  const open = markdown.indexOf("](", textEnd);
  if (open < 0 || open >= end || markdown[end - 1] !== ")") return undefined;
  const destination = inlineMarkdown({
    ...link,
    url,
    children: [{ type: "text", value: "x" }],
  }).replace(/^\[x\]\(|\)$/g, "");
  return { start: open + 2, end: end - 1, text: destination };
}

// An `<iframe>` as a block of its own, perhaps in a wrapper that only sized it.
const loneFramePattern =
  /^\s*(?:<(?:div|p|figure|center)\b[^>]*>\s*)*(<iframe\b[^>]*>)\s*<\/iframe>\s*(?:<\/(?:div|p|figure|center)>\s*)*$/i;

/** What a raw HTML block that only frames something frames: its address and title. */
function loneFrame(html: string): { url: string; title: string | undefined } | undefined {
  const tag = loneFramePattern.exec(html)?.[1];
  const url = tag && attribute(tag, "src")?.trim();
  return url ? { url, title: attribute(tag, "title")?.trim() || undefined } : undefined;
}

const imgTag = /<img\b[^>]*>/gi;
const hrefAttribute = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gi;

/** Rewrites `<img src>` and `<a href>` inside a raw HTML node. */
async function htmlEdit(
  node: Html,
  context: BodyContext,
  line: number,
  at: { start: number; end: number },
): Promise<Edit | undefined> {
  let html = node.value;
  const images = [...html.matchAll(imgTag)];
  const replaced = await Promise.all(
    images.map(async (match) => {
      const tag = match[0];
      const src = attribute(tag, "src");
      if (src === undefined) return tag;
      const resolved = await context.image(src, line, attribute(tag, "alt") ?? "");
      if (resolved.kind === "missing") return "";
      if (resolved.kind === "link")
        return `<a href="${escapeHtml(resolved.href)}">${escapeHtml(resolved.alt || resolved.href)}</a>`;
      return setAttribute(setAttribute(tag, "src", resolved.src), "alt", resolved.alt);
    }),
  );
  let index = 0;
  html = html.replace(imgTag, () => replaced[index++] ?? "");
  html = html.replace(
    hrefAttribute,
    (_, head: string, quote: string, href: string) =>
      `${head}${quote}${escapeHtml(context.link(decodeEntities(href)))}${quote}`,
  );
  if (/<script\b/i.test(html))
    context.note(
      "ScriptRemoved",
      line,
      "a <script> in the Markdown will be removed by Newsdeck's sanitizer",
    );
  return html === node.value ? undefined : { ...at, text: html };
}

function inlineMarkdown(node: Image | Link): string {
  return blocksToMarkdown([{ type: "paragraph", children: [node] }]);
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? "");
}

function setAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`\\b${name}\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s>]+)`, "i");
  const written = `${name}="${escapeHtml(value)}"`;
  return pattern.test(tag)
    ? tag.replace(pattern, written)
    : tag.replace(/^<img\b/i, `<img ${written}`);
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, entity: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[entity] ?? "",
  );
}
