import type { Root } from "hast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";

/** An internal link found in a body, with its place in the Markdown. */
export interface BodyLink {
  readonly url: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

declare module "vfile" {
  interface DataMap {
    links: BodyLink[];
  }
}

/**
 * Records every site-internal link (`/path/`, without scheme or host) on `file.data.links`, so
 * the build can warn about links to URLs that no page produces.
 */
export function rehypeCollectLinks() {
  return (tree: Root, file: VFile) => {
    const links: BodyLink[] = [];
    visit(tree, "element", (node) => {
      if (node.tagName !== "a") return;
      const href = node.properties.href;
      if (typeof href !== "string" || !href.startsWith("/") || href.startsWith("//")) return;
      links.push({
        url: href.split("#")[0]?.split("?")[0] ?? href,
        line: node.position?.start.line,
        column: node.position?.start.column,
      });
    });
    file.data.links = links;
  };
}
