import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { type BareReferenceResult, buildBareReference, runReferenceCli } from "./bare-reference.js";
import { isMainModule } from "./is-main-module.js";

/**
 * The floor of a unified pipeline: the bare reference with remark-parse, remark-rehype and
 * rehype-stringify only (no GFM, no typographic quotes), so its time is reading, front matter,
 * parsing, HTML and writing, and nothing else.
 */
export function buildPlainReference(options: {
  root: string;
  out: string;
}): Promise<BareReferenceResult> {
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).freeze();
  return buildBareReference({ ...options, processor });
}

const usage = `Usage: npx tsx bench/plain-reference.ts --root DIR --out OUTDIR`;

if (isMainModule(import.meta.url)) {
  runReferenceCli(buildPlainReference, usage).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
