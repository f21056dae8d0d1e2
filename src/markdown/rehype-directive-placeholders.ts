import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import type { VFile } from "vfile";
import type { BodyDirective } from "./remark-directives.js";
import { timelineItems } from "./timeline-items.js";

/** The element that stands for story block N of a body until the page is rendered. */
export const directivePlaceholderTag = "newsdeck-directive";

/**
 * Swaps each story block's marked `div` (see remark-directives.ts) for a placeholder, and moves
 * its label and content, now sanitised and with their images, links and headings done, into the
 * block's record on `file.data.directives`. Inner blocks go first, so an outer block's content
 * holds their placeholders. Runs after the element passes; content cannot forge a marked `div`,
 * since the sanitizer keeps the mark only with this build's marker.
 */
export function rehypeDirectivePlaceholders(options: { readonly marker: string }) {
  const prefix = `${options.marker}:`;
  return (tree: Root, file: VFile) => {
    const directives = file.data.directives;
    if (!directives || directives.length === 0) return;
    const swap = (parent: Root | Element) => {
      for (const [index, node] of parent.children.entries()) {
        if (node.type !== "element") continue;
        swap(node);
        const mark = node.properties.dataNewsdeckDirective;
        if (node.tagName !== "div" || typeof mark !== "string" || !mark.startsWith(prefix))
          continue;
        const at = Number(mark.slice(prefix.length));
        const directive = directives[at];
        if (!directive) continue;
        directives[at] = { ...directive, ...contentOf(node, directive, options.marker, file) };
        parent.children[index] = {
          type: "element",
          tagName: directivePlaceholderTag,
          properties: { dataIndex: at },
          children: [],
        };
      }
    };
    swap(tree);
  };
}

/** A block's label and content as HTML (a timeline's content as dated items). */
function contentOf(
  node: Element,
  directive: BodyDirective,
  marker: string,
  file: VFile,
): Pick<BodyDirective, "label" | "html" | "items"> {
  let children = node.children;
  let label: string | undefined;
  const first = children.find((child) => child.type === "element");
  if (first?.type === "element" && first.properties.dataNewsdeckLabel === marker) {
    label = toHtml(first.children).trim();
    children = children.filter((child) => child !== first);
  }
  if (directive.kind === "leaf") return { label };
  if (directive.name === "timeline") return { label, items: timelineItems(children, file) };
  return { label, html: toHtml(trimmed(children)).trim() };
}

/** Content without the line breaks remark-rehype puts between blocks at its ends. */
function trimmed(children: readonly ElementContent[]): ElementContent[] {
  return children.filter(
    (child, index) =>
      !(
        child.type === "text" &&
        child.value.trim() === "" &&
        (index === 0 || index === children.length - 1)
      ),
  );
}
