import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "../test/browser/launch-chromium.js";
import { serveStatic } from "../test/browser/serve-static.js";
import { isMainModule } from "./is-main-module.js";

/**
 * `npx tsx bench/search-index.ts --root SITE [--query WORDS]... [--now ISO]`: the cost of site
 * search on a site (for example a corpus from `bench/generate-corpus.ts`). Builds a copy of SITE
 * with the compiled CLI (`npm run compile` first) and reports:
 *
 * - the cold build: whole-process seconds, and the index's own milliseconds, entries and buckets
 *   (from `--report`);
 * - the index on disk: files and bytes under `dist/pagefind/`;
 * - a warm build after a body edit of one story (the middle one of the sitemap): what it
 *   re-indexed (buckets, entries) and the index's milliseconds;
 * - bytes per query: `/search/?q=WORDS` opened in Debian's Chromium on a fresh profile, every
 *   response counted as it came over the wire (the test server does not compress; Pagefind's
 *   index files are gzip already), split into the search code (search.js, pagefind.js, its
 *   worker and WebAssembly), the index (bucket list, entry, meta, chunk and fragment files) and
 *   thumbnails; then a second query in the same tab (what a reader's next search costs).
 */

const siteParts = /^(content|templates|public|newsdeck\.config\.(ts|mts|mjs|js))$/;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What one build reported about the search index. */
export interface IndexBuild {
  readonly seconds: number;
  readonly indexMilliseconds: number;
  readonly entries: number;
  readonly buckets: number;
  readonly rebuiltBuckets: number;
  readonly reindexedEntries: number;
}

/** Bytes a browser downloaded for one query, by kind. */
export interface QueryBytes {
  readonly query: string;
  readonly results: string;
  readonly requests: number;
  readonly code: number;
  readonly index: number;
  readonly thumbnails: number;
  readonly total: number;
}

export interface SearchBenchResult {
  readonly cold: IndexBuild;
  readonly onDisk: { readonly files: number; readonly bytes: number };
  readonly warmAfterBodyEdit: IndexBuild;
  readonly queries: readonly { readonly first: QueryBytes; readonly next: QueryBytes }[];
}

export async function measureSearchIndex(options: {
  readonly root: string;
  readonly queries: readonly string[];
  readonly now?: string | undefined;
}): Promise<SearchBenchResult> {
  const work = await mkdtemp(path.join(tmpdir(), "newsdeck-search-bench-"));
  try {
    const site = path.join(work, "site");
    for (const name of await readdir(options.root)) {
      if (siteParts.test(name))
        await cp(path.join(options.root, name), path.join(site, name), { recursive: true });
    }
    const outDir = path.join(site, "dist");
    const now = options.now ?? "2026-11-28T12:00:00+02:00";
    const cold = await buildOnce(site, outDir, now, path.join(work, "cold.json"));
    const onDisk = await folderSize(path.join(outDir, "pagefind"));

    const file = await middleArticle(site, outDir);
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\nA paragraph added by the search benchmark.\n`,
    );
    const warmAfterBodyEdit = await buildOnce(site, outDir, now, path.join(work, "warm.json"));

    const queries: { first: QueryBytes; next: QueryBytes }[] = [];
    for (const query of options.queries) queries.push(await bytesPerQuery(outDir, query));
    return { cold, onDisk, warmAfterBodyEdit, queries };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildOnce(
  site: string,
  outDir: string,
  now: string,
  reportFile: string,
): Promise<IndexBuild> {
  const started = performance.now();
  await run(process.execPath, [
    path.join(repo, "bin/newsdeck.js"),
    "build",
    "--root",
    site,
    "--out",
    outDir,
    "--now",
    now,
    "--report",
    reportFile,
  ]);
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(await readFile(reportFile, "utf8")) as {
    search?: { milliseconds: number; rebuiltBuckets: number; reindexedEntries: number };
  };
  if (!report.search) throw new Error("the build reported no search index (is search enabled?)");
  // The whole index, from the bucket list the search page reads: records less each sentinel.
  const list = JSON.parse(
    await readFile(path.join(outDir, "pagefind", "newsdeck-buckets.json"), "utf8"),
  ) as { buckets: { pages: number }[] };
  return {
    seconds: round(seconds, 2),
    indexMilliseconds: report.search.milliseconds,
    entries: list.buckets.reduce((sum, bucket) => sum + bucket.pages - 1, 0),
    buckets: list.buckets.length,
    rebuiltBuckets: report.search.rebuiltBuckets,
    reindexedEntries: report.search.reindexedEntries,
  };
}

/** Opens the search page on a fresh profile, runs `query`, then another query in the same tab. */
async function bytesPerQuery(
  outDir: string,
  query: string,
): Promise<{ first: QueryBytes; next: QueryBytes }> {
  const server = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    let counting: { url: string; bytes: number }[] = [];
    page.on("response", async (response) => {
      const entry = { url: new URL(response.url()).pathname, bytes: 0 };
      counting.push(entry);
      try {
        entry.bytes = (await response.body()).byteLength;
      } catch {
        // A redirect or an aborted request carries no body.
      }
    });
    const waitForStatus = (words: string) =>
      page.waitForFunction(
        (expected) => {
          const text =
            (
              globalThis as unknown as {
                document: { querySelector(s: string): { textContent: string | null } | null };
              }
            ).document.querySelector("[data-search-status]")?.textContent ?? "";
          return text.includes(expected);
        },
        words,
        { timeout: 600_000 },
      );
    const settle = async () => {
      await page.waitForLoadState("networkidle");
      return counting;
    };
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
    await waitForStatus(`“${query}”`);
    const first = summarise(query, await statusText(page), await settle());
    counting = [];
    const nextQuery = `${query} report`;
    await page.getByLabel("Search for").fill(nextQuery);
    await page.getByLabel("Search for").press("Enter");
    await waitForStatus(`“${nextQuery}”`);
    const next = summarise(nextQuery, await statusText(page), await settle());
    return { first, next };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function statusText(page: import("playwright-core").Page): Promise<string> {
  return (await page.locator("[data-search-status]").textContent()) ?? "";
}

function summarise(
  query: string,
  results: string,
  responses: readonly { url: string; bytes: number }[],
): QueryBytes {
  const code =
    /\/(search\.[0-9a-f]+\.js|pagefind\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]+))$/;
  let codeBytes = 0;
  let index = 0;
  let thumbnails = 0;
  let total = 0;
  for (const { url, bytes } of responses) {
    total += bytes;
    if (code.test(url)) codeBytes += bytes;
    else if (url.startsWith("/pagefind/")) index += bytes;
    else if (url.startsWith("/images/")) thumbnails += bytes;
  }
  return {
    query,
    results,
    requests: responses.length,
    code: codeBytes,
    index,
    thumbnails,
    total,
  };
}

/** The source file of the middle article URL of the sitemap. */
async function middleArticle(site: string, outDir: string): Promise<string> {
  const sitemap = await readFile(path.join(outDir, "sitemap.xml"), "utf8").catch(() =>
    readFile(path.join(outDir, "sitemap-1.xml"), "utf8"),
  );
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? "");
  const articles = locs.filter((loc) => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(loc));
  const target = articles[Math.floor(articles.length / 2)];
  if (!target) throw new Error("no article URL in the sitemap");
  const slug = target.split("/").slice(-2)[0] ?? "";
  const files = await readdir(path.join(site, "content", "articles"), { recursive: true });
  const found = files.find((f) => path.basename(f) === `${slug}.md`);
  if (!found) throw new Error(`no source file for ${slug}`);
  return path.join(site, "content", "articles", found);
}

async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      root: { type: "string" },
      query: { type: "string", multiple: true },
      now: { type: "string" },
    },
  });
  if (!values.root) {
    process.stderr.write(
      "usage: npx tsx bench/search-index.ts --root SITE [--query WORDS]... [--now ISO]\n",
    );
    process.exit(2);
  }
  const result = await measureSearchIndex({
    root: values.root,
    queries: values.query ?? ["water budget"],
    now: values.now,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
