import GithubSlugger from "github-slugger";
import { toString as hastToString } from "hast-util-to-string";
import type { ElementPassFactory } from "./rehype-element-passes.js";

const headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

/**
 * Gives each heading without an id one made from its text, unique in the body (GitHub's slugs,
 * as rehype-slug does: `## Who is affected` -> `id="who-is-affected"`, a second one
 * `who-is-affected-1`). Headings are met in document order, before their children change.
 */
export const slugHeadings: ElementPassFactory = () => {
  const slugger = new GithubSlugger();
  return {
    tagNames: headings,
    enter(node) {
      if (!node.properties.id) node.properties.id = slugger.slug(hastToString(node));
    },
  };
};
