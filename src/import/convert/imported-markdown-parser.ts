import remarkParse from "remark-parse";
import { unified } from "unified";
import { remarkDirectiveSyntax } from "../../markdown/remark-directive-syntax.js";
import { remarkGfmConstructs } from "../../markdown/remark-gfm-constructs.js";
import { fullSyntax } from "../../markdown/scan-body-syntax.js";

/**
 * Parses Markdown as the build parses bodies (GFM, story blocks), so that the import finds the
 * images, links and blocks the build will.
 */
export const importedMarkdownParser = unified()
  .use(remarkParse)
  .use(remarkGfmConstructs, fullSyntax)
  .use(remarkDirectiveSyntax)
  .freeze();
