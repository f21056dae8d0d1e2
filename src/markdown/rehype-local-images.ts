import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";

/** What the build knows about an image file: where it is served and its intrinsic size. */
export interface ResolvedImage {
  /** Markup for the image (an `<img>` or `<picture>`), already safe. */
  readonly element: Element;
}

/** Turns a body image's `src` into markup, or explains why it cannot. */
export type ImageResolver = (
  src: string,
  alt: string,
  title: string | undefined,
) => Promise<
  | { readonly ok: true; readonly image: ResolvedImage }
  | { readonly ok: false; readonly reason: string; readonly hint: string }
>;

declare module "vfile" {
  interface DataMap {
    resolveImage: ImageResolver;
  }
}

/**
 * Replaces each local body image (`![alt](./photo.jpg "caption")`) with the markup the build's
 * image resolver gives (a hashed, copied or processed file), wrapped in a `figure` with the
 * title as caption. Remote images are left as they are. A missing file is a located error.
 */
export function rehypeLocalImages() {
  return async (tree: Root, file: VFile) => {
    const resolve = file.data.resolveImage;
    const found: { node: Element; parent: Element | Root; src: string }[] = [];
    visit(tree, "element", (node, _index, parent) => {
      if (node.tagName !== "img" || !parent) return;
      const src = node.properties.src;
      if (typeof src !== "string" || /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) {
        node.properties.loading = "lazy";
        node.properties.decoding = "async";
        return;
      }
      found.push({ node, parent, src });
    });
    for (const { node, parent, src } of found) {
      const alt = typeof node.properties.alt === "string" ? node.properties.alt : "";
      const title = typeof node.properties.title === "string" ? node.properties.title : undefined;
      if (!alt)
        file.message(
          "an image in the body has no alt text",
          node.position,
          "newsdeck:ImageAltMissing",
        );
      if (!resolve) continue;
      const result = await resolve(safeDecode(src), alt, title);
      if (!result.ok) {
        const message = file.message(result.reason, node.position, "newsdeck:ImageNotFound");
        message.note = result.hint;
        continue;
      }
      const figure: Element = {
        type: "element",
        tagName: "figure",
        properties: { className: ["body-figure"] },
        children: [result.image.element],
      };
      if (title) {
        figure.children.push({
          type: "element",
          tagName: "figcaption",
          properties: {},
          children: [{ type: "text", value: title }],
        });
      }
      const index = parent.children.indexOf(node);
      // A figure cannot sit inside a paragraph: a paragraph holding only the image becomes a div.
      if (
        parent.type === "element" &&
        parent.tagName === "p" &&
        parent.children.filter(isContent).length === 1
      ) {
        parent.tagName = "div";
        parent.properties = { className: ["body-figure-wrap"] };
      }
      parent.children[index] = figure;
    }
  };
}

function safeDecode(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

function isContent(node: Root["children"][number]): boolean {
  return !(node.type === "text" && node.value.trim() === "");
}
