import type { Element, ElementContent, Root, RootContent } from "hast";
import type { BlockContent } from "mdast";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";
import type { BodyContext, ResolvedImage } from "../source-archive.js";
import { carriesStoryBlock, importBlockElement, isImportBlock } from "./import-block-element.js";
import { importEmbedTag } from "./import-embed-html.js";

declare module "vfile" {
  interface DataMap {
    /** The story being converted and what the rest of the import knows. */
    importContext: BodyContext;
    /** The source line the HTML starts on, so that notes point into the export. */
    importLine: number;
    /** False when the HTML was rewritten (paragraphs added), so its lines are not the source's. */
    importLinePrecise: boolean;
  }
}

/** Elements that run code or collect input: never carried into a story. */
const codeTags = new Set(["script", "form", "object", "embed", "applet"]);
/** Elements dropped without a note: styling and metadata that mean nothing in Markdown. */
const quietTags = new Set([
  "style",
  "noscript",
  "link",
  "meta",
  "input",
  "button",
  "select",
  "textarea",
  "template",
]);
const imageFile = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$/i;

/**
 * Resolves the media of an imported HTML body before it becomes Markdown: images are copied
 * from the archive or kept remote (or removed when nothing holds them), figures and embeds are
 * decided by `story-blocks.ts` through the context, links to old story URLs point to the new
 * ones, and scripts and forms go, each with a report line.
 */
export function rehypeImportMedia() {
  return async (tree: Root, file: VFile): Promise<void> => {
    const context = file.data.importContext;
    if (!context) return;
    const startLine = file.data.importLine ?? context.story.bodyLine;
    const precise = file.data.importLinePrecise !== false;
    const lineOf = (node: Element) =>
      precise ? startLine + (node.position?.start.line ?? 1) - 1 : startLine;

    removeCode(tree, context, lineOf);
    unwrapImageLinks(tree);

    const figures = new Map<Element, Promise<BlockContent[]>>();
    const images = new Map<Element, Promise<ResolvedImage>>();
    visit(tree, "element", (node) => {
      if (node.tagName === "figure") {
        const img = firstElement(node, "img");
        if (img) {
          const caption = textOf(firstElement(node, "figcaption")).trim();
          figures.set(
            node,
            context.figure(
              {
                src: String(img.properties.src ?? ""),
                alt: altOf(img),
                caption: caption || undefined,
              },
              lineOf(node),
            ),
          );
          return SKIP;
        }
      }
      if (node.tagName === "img") {
        images.set(
          node,
          context.image(String(node.properties.src ?? ""), lineOf(node), altOf(node)),
        );
      }
    });
    const decidedFigures = new Map<Element, BlockContent[]>();
    for (const [node, blocks] of figures) decidedFigures.set(node, await blocks);
    const decidedImages = new Map<Element, ResolvedImage>();
    for (const [node, image] of images) decidedImages.set(node, await image);

    visit(tree, "element", (node, index, parent) => {
      if (!parent || index === undefined) return;
      const figure = decidedFigures.get(node);
      if (figure) {
        replaceBlock(parent, index, figure);
        return [SKIP, index];
      }
      const image = decidedImages.get(node);
      if (image) {
        if (image.kind === "missing") {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        if (image.kind === "link") {
          parent.children[index] = {
            type: "element",
            tagName: "a",
            properties: { href: image.href },
            children: [{ type: "text", value: image.alt || image.href }],
          };
          return SKIP;
        }
        node.properties = { src: image.src, alt: image.alt };
        return SKIP;
      }
      if (node.tagName === "iframe" || node.tagName === importEmbedTag) {
        const framed = node.tagName === "iframe";
        const url = String((framed ? node.properties.src : node.properties.dataUrl) ?? "");
        if (!url) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        const embed = framed
          ? { url, title: stringProperty(node, "title"), framed }
          : { url, caption: stringProperty(node, "dataCaption") };
        replaceBlock(parent, index, context.embed(embed, lineOf(node)));
        return [SKIP, index];
      }
      if (node.tagName === "video" || node.tagName === "audio") {
        const src = String(
          node.properties.src ?? firstElement(node, "source")?.properties.src ?? "",
        );
        const href = src ? context.link(src) : "";
        context.note(
          "EmbedAsLink",
          lineOf(node),
          src
            ? `a ${node.tagName} player became a link to ${href}`
            : `a ${node.tagName} without a source was removed`,
        );
        const link: Element[] = src
          ? [
              {
                type: "element",
                tagName: "a",
                properties: { href },
                children: [{ type: "text", value: href }],
              },
            ]
          : [];
        parent.children.splice(index, 1, ...link);
        return [SKIP, index];
      }
      if (node.tagName === "a" && typeof node.properties.href === "string") {
        node.properties.href = context.link(node.properties.href);
      }
      return undefined;
    });
    liftBlocks(tree);
  };
}

/**
 * A paragraph that holds only converted blocks (an embed pasted on its own line) gives way to
 * them; one where a story block stands among text is split around it, as the block cannot be
 * part of a line (the old page showed the frame on a line of its own, too).
 */
function liftBlocks(tree: Root): void {
  visit(tree, "element", (node, index, parent) => {
    if (!parent || index === undefined || node.tagName !== "p") return;
    const content = node.children.filter((child) => !isBlank(child));
    if (
      content.length > 0 &&
      content.every((child) => child.type === "element" && isImportBlock(child))
    ) {
      parent.children.splice(index, 1, ...content);
      return [SKIP, index];
    }
    const isStoryBlock = (child: ElementContent) =>
      child.type === "element" && carriesStoryBlock(child);
    if (!node.children.some(isStoryBlock)) return undefined;
    const parts: ElementContent[] = [];
    let run: ElementContent[] = [];
    const endRun = () => {
      // Line breaks and spaces at the edges of a piece separated it from the block.
      while (run.length > 0 && isBlank(run[0] as ElementContent)) run.shift();
      while (run.length > 0 && isBlank(run.at(-1) as ElementContent)) run.pop();
      if (run.length > 0) parts.push({ ...node, children: run });
      run = [];
    };
    for (const child of node.children) {
      if (isStoryBlock(child)) {
        endRun();
        parts.push(child);
      } else run.push(child);
    }
    endRun();
    parent.children.splice(index, 1, ...parts);
    return [SKIP, index + parts.length];
  });
}

/** White space, or a line break. */
function isBlank(node: ElementContent): boolean {
  return (
    (node.type === "text" && node.value.trim() === "") ||
    (node.type === "element" && node.tagName === "br")
  );
}

/** Removes scripts and forms (noted), styling elements and comments (silently). */
function removeCode(tree: Root, context: BodyContext, lineOf: (node: Element) => number): void {
  visit(tree, "comment", (_, index, parent) => {
    if (!parent || index === undefined) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  visit(tree, "element", (node, index, parent) => {
    if (!parent || index === undefined) return;
    if (codeTags.has(node.tagName)) {
      context.note(
        "ScriptRemoved",
        lineOf(node),
        `a <${node.tagName}> was removed: stories cannot run code or collect input`,
      );
    } else if (!quietTags.has(node.tagName)) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}

/** `<a href="big.jpg"><img src="small.jpg"></a>`: the image alone; the link only enlarged it. */
function unwrapImageLinks(tree: Root): void {
  visit(tree, "element", (node, index, parent) => {
    if (!parent || index === undefined || node.tagName !== "a") return;
    const href = node.properties.href;
    const content = node.children.filter(
      (child) => !(child.type === "text" && child.value.trim() === ""),
    );
    const only = content[0];
    if (
      content.length === 1 &&
      only?.type === "element" &&
      only.tagName === "img" &&
      typeof href === "string" &&
      imageFile.test(href)
    ) {
      parent.children[index] = only;
    }
  });
}

/** Puts blocks where an element was (`liftBlocks` then frees them from a paragraph). */
function replaceBlock(
  parent: Root | Element,
  index: number,
  blocks: readonly BlockContent[],
): void {
  parent.children.splice(index, 1, importBlockElement(blocks) as RootContent & ElementContent);
}

function firstElement(node: Element, tagName: string): Element | undefined {
  let found: Element | undefined;
  visit(node, "element", (child) => {
    if (child !== node && child.tagName === tagName) {
      found = child;
      return false;
    }
    return undefined;
  });
  return found;
}

function textOf(node: Element | undefined): string {
  if (!node) return "";
  let text = "";
  visit(node, "text", (child) => {
    text += child.value;
  });
  return text.replace(/\s+/g, " ");
}

function stringProperty(node: Element, name: string): string | undefined {
  const value = node.properties[name];
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function altOf(img: Element): string {
  const alt = img.properties.alt;
  return typeof alt === "string" ? alt.trim() : "";
}
