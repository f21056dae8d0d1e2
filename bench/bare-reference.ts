import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve, sep } from "node:path";
import { performance } from "node:perf_hooks";
import matter from "gray-matter";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import remarkSmartypants from "remark-smartypants";
import { unified } from "unified";
import YAML from "yaml";
import { isMainModule } from "./is-main-module.js";
import { parseCliArgs } from "./parse-cli-args.js";

/** Options for {@link buildBareReference}. */
export interface BareReferenceOptions {
  /** Site folder with `content/articles/**\/*.md`. */
  root: string;
  /** Output folder; pages go to `<out>/<section>/<slug>/index.html`. */
  out: string;
  /** The Markdown processor; default: the unified plugins Newsdeck's pipeline started from. */
  processor?: { processSync(text: string): unknown } | undefined;
}

/** What {@link buildBareReference} did. */
export interface BareReferenceResult {
  pages: number;
  seconds: number;
}

/**
 * The least work any Markdown site generator must do, as a baseline for Newsdeck's build time:
 * one process, no cache, no workers. For each article, in sorted path order, it reads the file,
 * parses front matter with gray-matter and the `yaml` package, renders the body with the same
 * unified plugins Newsdeck uses, wraps it in a minimal page and writes it. It writes no listings,
 * feeds or sitemaps, copies no assets and validates nothing beyond what it needs to name the page,
 * so Newsdeck's time over this one is the price of everything else it does.
 */
export async function buildBareReference(
  options: BareReferenceOptions,
): Promise<BareReferenceResult> {
  const started = performance.now();
  const articlesDir = join(options.root, "content", "articles");
  const outDir = resolve(options.out);
  // Built once and frozen, as a generator would do, so per-file cost is parsing and rendering.
  const processor =
    options.processor ??
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkSmartypants)
      .use(remarkRehype)
      .use(rehypeStringify)
      .freeze();

  const entries = await readdir(articlesDir, { recursive: true });
  const files = entries.filter((entry) => entry.endsWith(".md")).sort();
  for (const file of files) {
    const path = join(articlesDir, file);
    const source = await readFile(path, "utf8");
    // Passing options also keeps gray-matter from caching every file by its content.
    const { data, content } = matter(source, { engines: { yaml: (text) => YAML.parse(text) } });
    const title = requireText(data, "title", path);
    const section = requireText(data, "section", path);
    const date = data.date === undefined ? "" : String(data.date);
    const slug = typeof data.slug === "string" ? data.slug : basename(file, ".md");
    const html = String(processor.processSync(content));

    const pageDir = resolve(outDir, section, slug);
    if (!pageDir.startsWith(outDir + sep)) {
      throw new Error(`${path}: section "${section}" and slug "${slug}" leave the output folder`);
    }
    await mkdir(pageDir, { recursive: true });
    await writeFile(join(pageDir, "index.html"), renderPage(title, date, html));
  }
  return { pages: files.length, seconds: (performance.now() - started) / 1000 };
}

function requireText(data: Record<string, unknown>, field: string, path: string): string {
  const value = data[field];
  if (typeof value !== "string" || value === "") {
    throw new Error(`${path}: front matter has no ${field}`);
  }
  return value;
}

function renderPage(title: string, date: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<article>
<h1>${escapeHtml(title)}</h1>
<p><time datetime="${escapeHtml(date)}">${escapeHtml(date)}</time></p>
${body}
</article>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const usage = `Usage: npx tsx bench/bare-reference.ts --root DIR --out OUTDIR

  --root  site folder with content/articles/**/*.md (required)
  --out   output folder for <section>/<slug>/index.html (required)`;

/**
 * The command line of a reference build (`--root DIR --out OUTDIR`): runs `build` and prints
 * what it did. Shared by the bare and the plain reference.
 */
export async function runReferenceCli(
  build: (options: BareReferenceOptions) => Promise<BareReferenceResult>,
  usageText: string,
): Promise<void> {
  const values = parseCliArgs({ root: { type: "string" }, out: { type: "string" } }, usageText);
  if (!values) return;
  if (values.root === undefined || values.out === undefined) {
    console.error(usageText);
    process.exit(2);
  }
  const result = await build({ root: values.root, out: values.out });
  console.log(`pages     ${result.pages}`);
  console.log(`seconds   ${result.seconds.toFixed(2)}`);
  console.log(`output    ${resolve(values.out)}`);
}

if (isMainModule(import.meta.url)) {
  runReferenceCli(buildBareReference, usage).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
