import type { Nodes, Root } from "hast";
import { raw } from "hast-util-raw";
import type { VFile } from "vfile";

/**
 * Parses raw HTML (what rehype-raw does: the whole tree goes through an HTML parser, parse5) only
 * for bodies whose tree holds raw HTML; a body without any keeps its tree as it is, which is
 * what the parser would give back for it (test/markdown/processor-variants.test.ts compares).
 * A body without `<` cannot hold raw HTML, so most bodies are not even walked.
 */
export function rehypeRawWherePresent() {
  return (tree: Root, file: VFile): Root => {
    if (!String(file.value).includes("<") || !holdsRaw(tree)) return tree;
    return raw(tree, { file }) as Root;
  };
}

function holdsRaw(node: Nodes): boolean {
  if (node.type === "raw") return true;
  if (!("children" in node)) return false;
  for (const child of node.children) if (holdsRaw(child)) return true;
  return false;
}
