import type { Element, Root } from "hast";
import type { ElementPassFactory } from "./rehype-element-passes.js";

/** A local image in a body, as written, with its place in the Markdown. */
export interface BodyImage {
  readonly src: string;
  readonly alt: string;
  readonly title?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

declare module "vfile" {
  interface DataMap {
    images: BodyImage[];
  }
}

/** Elements whose content may be a figure (flow content). */
const flowParents = new Set([
  "div",
  "blockquote",
  "li",
  "td",
  "th",
  "section",
  "article",
  "aside",
  "details",
  "dd",
  "figure",
]);

/** The element that stands for body image N until the page is rendered. */
export const imagePlaceholderTag = "newsdeck-image";

/**
 * Records each local body image (`![alt](./photo.jpg "caption")`) on `file.data.images` and
 * puts a placeholder in its place, inside a `figure` with the title as caption. The page
 * renderer swaps each placeholder for the published image's markup, so a rendered body can be
 * cached without going stale when an image file changes. Runs after sanitizing: content cannot
 * forge a placeholder, as unknown elements are already gone. Remote images stay as they are.
 * An element pass (see rehype-element-passes.ts).
 */
export const placeLocalImages: ElementPassFactory = (file) => {
  const images: BodyImage[] = [];
  file.data.images = images;
  return {
    tagNames: ["img"],
    enter(node, index, parent) {
      const src = node.properties.src;
      if (typeof src !== "string" || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) {
        node.properties.loading = "lazy";
        node.properties.decoding = "async";
        return;
      }
      const alt = typeof node.properties.alt === "string" ? node.properties.alt : "";
      const title = typeof node.properties.title === "string" ? node.properties.title : undefined;
      if (!alt)
        file.message(
          "an image in the body has no alt text",
          node.position,
          "newsdeck:ImageAltMissing",
        );
      const placeholder: Element = {
        type: "element",
        tagName: imagePlaceholderTag,
        properties: { dataIndex: images.length },
        children: [],
      };
      images.push({
        src: safeDecode(src),
        alt,
        title,
        line: node.position?.start.line,
        column: node.position?.start.column,
      });
      // A paragraph holding only the image becomes a block with a figure and its caption. An
      // image among text stays inline (a figure inside a paragraph is invalid HTML, which
      // browsers re-parse into a different tree).
      const alone =
        parent.type === "element" &&
        parent.tagName === "p" &&
        parent.children.filter(isContent).length === 1;
      const block =
        alone ||
        parent.type === "root" ||
        (parent.type === "element" && flowParents.has(parent.tagName));
      if (!block) {
        parent.children[index] = placeholder;
        return;
      }
      const figure: Element = {
        type: "element",
        tagName: "figure",
        properties: { className: ["body-figure"] },
        children: [placeholder],
      };
      if (title) {
        figure.children.push({
          type: "element",
          tagName: "figcaption",
          properties: {},
          children: [{ type: "text", value: title }],
        });
      }
      if (alone && parent.type === "element") {
        parent.tagName = "div";
        parent.properties = { className: ["body-figure-wrap"] };
      }
      parent.children[index] = figure;
    },
  };
};

function safeDecode(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

function isContent(node: (Root | Element)["children"][number]): boolean {
  return !(node.type === "text" && node.value.trim() === "");
}
