import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { createMarkdownRenderer } from "../src/markdown/create-markdown-processor.js";
import { renderMarkdown } from "../src/markdown/render-markdown.js";
import { generateCorpus } from "./generate-corpus.js";
import { isMainModule } from "./is-main-module.js";
import { parseCliArgs } from "./parse-cli-args.js";

/** What {@link measureMarkdownSpeed} measured, in milliseconds per article. */
export interface MarkdownSpeed {
  readonly articles: number;
  readonly runs: number;
  /** Newsdeck's processor (all of its plugins), one thread: median, fastest and slowest run. */
  readonly newsdeck: { readonly median: number; readonly min: number; readonly max: number };
  /** The floor: remark-parse, remark-rehype and rehype-stringify only, in the same runs. */
  readonly plain: { readonly median: number; readonly min: number; readonly max: number };
}

/**
 * Times the Markdown processor alone, in this thread, over the bodies of `n` generated
 * articles: each run renders every body once (after one untimed run to warm the JIT), and the
 * figure is the run's time over `n`. The plain unified pipeline runs in the same rounds, so the
 * two figures see the same machine.
 */
export async function measureMarkdownSpeed(options: {
  readonly n: number;
  readonly runs: number;
}): Promise<MarkdownSpeed> {
  const bodies = await corpusBodies(options.n);
  const renderer = createMarkdownRenderer({ embedsAllow: [] });
  const plain = unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).freeze();
  const newsdeckRun = () => {
    for (const [index, body] of bodies.entries()) {
      renderMarkdown(renderer, { file: `article-${index}.md`, body, bodyLine: 1 });
    }
  };
  const plainRun = () => {
    for (const body of bodies) plain.processSync(body);
  };
  newsdeckRun();
  plainRun();
  const newsdeck: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    newsdeck.push(time(newsdeckRun) / bodies.length);
    floor.push(time(plainRun) / bodies.length);
  }
  return {
    articles: bodies.length,
    runs: options.runs,
    newsdeck: summarize(newsdeck),
    plain: summarize(floor),
  };
}

async function corpusBodies(n: number): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-markdown-speed-"));
  try {
    const site = path.join(dir, "site");
    await generateCorpus({ n, outDir: site });
    const articles = path.join(site, "content", "articles");
    const files = (await readdir(articles, { recursive: true }))
      .filter((file) => file.endsWith(".md"))
      .sort();
    return await Promise.all(
      files.map(async (file) => {
        const text = await readFile(path.join(articles, file), "utf8");
        return text.slice(text.indexOf("\n---\n", 3) + 5);
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function summarize(list: readonly number[]) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

const usage = `Usage: npx tsx bench/markdown-speed.ts [--n 400] [--runs 5]

  --n     articles of the generated benchmark corpus (default 400)
  --runs  timed runs over all of them; the median is reported (default 5)`;

async function main(): Promise<void> {
  const values = parseCliArgs(
    { n: { type: "string", default: "400" }, runs: { type: "string", default: "5" } },
    usage,
  );
  if (!values) return;
  const n = Number(values.n);
  const runs = Number(values.runs);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(runs) || runs < 1) {
    console.error(usage);
    process.exit(2);
  }
  const speed = await measureMarkdownSpeed({ n, runs });
  const line = (name: string, figure: MarkdownSpeed["newsdeck"]) =>
    `${name.padEnd(10)} ${figure.median.toFixed(2)} ms per article (median of ${runs}; fastest ${figure.min.toFixed(2)}, slowest ${figure.max.toFixed(2)})`;
  console.log(`articles   ${speed.articles}, one thread`);
  console.log(line("newsdeck", speed.newsdeck));
  console.log(line("plain", speed.plain));
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
