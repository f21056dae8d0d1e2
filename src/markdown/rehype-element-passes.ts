import type { Element, Root } from "hast";
import type { VFile } from "vfile";

/** One job done to some elements of a body, during the walk every such job shares. */
export interface ElementPass {
  /** The elements it looks at. */
  readonly tagNames: readonly string[];
  /**
   * Called for each such element in document order, before its children. It may replace the
   * element in `parent.children[index]`; the walk then goes on after it, not into it.
   */
  enter(node: Element, index: number, parent: Root | Element): void;
}

/** Starts a pass for one body; the pass keeps its own state (and its findings on `file.data`). */
export type ElementPassFactory = (file: VFile) => ElementPass;

/**
 * Runs several element passes in one walk of the tree instead of one walk each: heading ids,
 * local images, internal links and footnote attributes each look at a few tag names, and a
 * walk of a whole body costs more than what any of them does. Each pass stays in its own
 * module; this only routes elements to them, in the order given.
 */
export function rehypeElementPasses(factories: readonly ElementPassFactory[]) {
  return (tree: Root, file: VFile) => {
    const routes = new Map<string, ElementPass[]>();
    for (const factory of factories) {
      const pass = factory(file);
      for (const tagName of pass.tagNames) {
        const list = routes.get(tagName) ?? [];
        list.push(pass);
        routes.set(tagName, list);
      }
    }
    walk(tree, routes);
  };
}

function walk(parent: Root | Element, routes: ReadonlyMap<string, ElementPass[]>): void {
  const children = parent.children;
  for (let index = 0; index < children.length; index++) {
    const node = children[index];
    if (node?.type !== "element") continue;
    const passes = routes.get(node.tagName);
    if (passes) {
      for (const pass of passes) {
        pass.enter(node, index, parent);
        if (children[index] !== node) break;
      }
      if (children[index] !== node) continue;
    }
    if (node.children.length > 0) walk(node, routes);
  }
}
