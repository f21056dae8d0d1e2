import type { Root, RootContent } from "hast";
import rehypeParse from "rehype-parse";
import { unified } from "unified";

const parser = unified().use(rehypeParse, { fragment: true }).freeze();

/**
 * The text of an HTML fragment (a WordPress title or excerpt): tags dropped, entities decoded,
 * white space collapsed. Block ends become spaces, so words do not run together.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const tree = parser.parse(html) as Root;
  const parts: string[] = [];
  const walk = (nodes: readonly RootContent[]) => {
    for (const node of nodes) {
      if (node.type === "text") parts.push(node.value);
      else if (node.type === "element") {
        if (node.tagName === "script" || node.tagName === "style") continue;
        walk(node.children);
        parts.push(" ");
      }
    }
  };
  walk(tree.children);
  return parts.join("").replace(/\s+/g, " ").trim();
}
