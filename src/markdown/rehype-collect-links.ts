import type { ElementPassFactory } from "./rehype-element-passes.js";

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
 * the build can warn about links to URLs that no page produces. An element pass (see
 * rehype-element-passes.ts).
 */
export const collectLinks: ElementPassFactory = (file) => {
  const links: BodyLink[] = [];
  file.data.links = links;
  return {
    tagNames: ["a"],
    enter(node) {
      const href = node.properties.href;
      if (typeof href !== "string" || !href.startsWith("/") || href.startsWith("//")) return;
      links.push({
        // A copy: the parser's string is a slice of the whole source, which the build state
        // would otherwise keep alive for as long as it holds the link.
        url: ` ${href.split("#")[0]?.split("?")[0] ?? href}`.slice(1),
        line: node.position?.start.line,
        column: node.position?.start.column,
      });
    },
  };
};
