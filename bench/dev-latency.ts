import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMainModule } from "./is-main-module.js";

/**
 * `npx tsx bench/dev-latency.ts --root SITE [--edits 20] [--title-edits 0]`: starts the real
 * `newsdeck dev` (the compiled CLI, run `npm run compile` first) on a copy of SITE (its content,
 * templates, public folder and config; no output or build cache), then edits one article's body
 * again and again, each time timing from the file write to the page served over HTTP carrying
 * the new text; then, when asked, rewrites its headline again and again the same way (a title
 * edit re-renders the listings, feeds and related blocks that show it, in the same build as the
 * page). Prints the median, minimum and maximum of each kind, and the dev process's memory
 * (current and peak RSS, from /proc).
 */

const siteParts = /^(content|templates|public|newsdeck\.config\.(ts|mts|mjs|js))$/;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Save-to-served times of one kind of edit, in milliseconds. */
export interface EditTimes {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface DevLatencyResult {
  readonly edits: number;
  readonly firstBuildSeconds: number;
  /** Body edits. */
  readonly millisecondsToServed: EditTimes;
  /** Headline edits, when asked for. */
  readonly titleEdits?: { readonly edits: number; readonly millisecondsToServed: EditTimes };
  readonly rssMb: { readonly afterEdits: number; readonly peak: number };
}

export async function measureDevLatency(options: {
  readonly root: string;
  readonly edits: number;
  readonly titleEdits?: number;
}): Promise<DevLatencyResult> {
  const work = await mkdtemp(path.join(tmpdir(), "newsdeck-dev-latency-"));
  const site = path.join(work, "site");
  // The site's own parts only: the sample site is the repository root, with node_modules.
  for (const name of await readdir(options.root)) {
    if (siteParts.test(name))
      await cp(path.join(options.root, name), path.join(site, name), { recursive: true });
  }
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(repo, "bin/newsdeck.js"), "dev", "--root", site, "--port", "0"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const url = await waitFor(() => /http:\/\/\S+?\//.exec(output)?.[0], 60_000, "the URL");
    await waitFor(() => (/built \d+ pages/.test(output) ? true : undefined), 3_600_000, "a build");
    const firstBuildSeconds = (performance.now() - started) / 1000;

    console.error(`first build: ${firstBuildSeconds.toFixed(1)} s`);
    // A typical story: the one in the middle of the sitemap's article URLs (past 50,000 URLs the
    // sitemap is an index: the middle one of its parts).
    let sitemap = await get(`${url}sitemap.xml`);
    if (sitemap.includes("<sitemapindex")) {
      const parts = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? "");
      const part = parts[Math.floor(parts.length / 2)];
      if (!part) throw new Error("the sitemap index lists no sitemap");
      sitemap = await get(`${url}${new URL(part).pathname.slice(1)}`);
    }
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? "");
    const articles = locs.filter((loc) => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(loc));
    const target = articles[Math.floor(articles.length / 2)];
    if (!target) throw new Error("no article URL in the sitemap");
    const slug = target.split("/").slice(-2)[0] ?? "";
    const file = await findArticle(site, slug);
    const page = `${url}${new URL(target).pathname.slice(1)}`;
    const original = await readFile(file, "utf8");
    /** Writes each edit's text and times it until the page carries its marker. */
    const timeEdits = async (
      count: number,
      edited: (marker: string) => string,
      label: string,
    ): Promise<EditTimes> => {
      const times: number[] = [];
      for (let edit = 1; edit <= count; edit++) {
        const marker = `Latency ${label} ${edit} of ${process.pid}`;
        const before = performance.now();
        await writeFile(file, edited(marker));
        await waitFor(
          async () => ((await get(page)).includes(marker) ? true : undefined),
          600_000,
          `${label} edit ${edit} to be served`,
          5,
        );
        times.push(performance.now() - before);
        // Let the server finish tidying up (it removes the previous build after serving).
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const sorted = [...times].sort((a, b) => a - b);
      return { median: median(sorted), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
    };

    const bodyTimes = await timeEdits(
      options.edits,
      (marker) => `${original}\n${marker}.\n`,
      "marker",
    );
    const titleCount = options.titleEdits ?? 0;
    if (titleCount > 0 && !/^title: .*$/m.test(original))
      throw new Error(`no title line in ${file}`);
    const titleTimes =
      titleCount > 0
        ? await timeEdits(
            titleCount,
            (marker) => original.replace(/^title: .*$/m, `title: ${marker} headline`),
            "headline",
          )
        : undefined;
    const memory = await readFile(`/proc/${child.pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(memory)?.[1] ?? 0);
    return {
      edits: options.edits,
      firstBuildSeconds,
      millisecondsToServed: bodyTimes,
      ...(titleTimes && {
        titleEdits: { edits: titleCount, millisecondsToServed: titleTimes },
      }),
      rssMb: { afterEdits: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 },
    };
  } finally {
    await stop(child);
    await rm(work, { recursive: true, force: true });
  }
}

async function findArticle(site: string, slug: string): Promise<string> {
  const { listFiles } = await import("../src/files/list-files.js");
  const files = await listFiles(path.join(site, "content", "articles"), [`**/${slug}.md`]);
  const [found] = files;
  if (!found) throw new Error(`no content file for ${slug}`);
  return path.join(site, "content", "articles", found);
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function get(url: string): Promise<string> {
  const response = await fetch(url, { headers: { "Cache-Control": "no-cache" } });
  return response.text();
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  limitMs: number,
  what: string,
  everyMs = 50,
): Promise<T> {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  await exited;
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      root: { type: "string" },
      edits: { type: "string", default: "20" },
      "title-edits": { type: "string", default: "0" },
    },
  });
  if (!values.root) {
    console.error("usage: npx tsx bench/dev-latency.ts --root SITE [--edits 20] [--title-edits 0]");
    process.exit(2);
  }
  const result = await measureDevLatency({
    root: values.root,
    edits: Number(values.edits),
    titleEdits: Number(values["title-edits"]),
  });
  console.log(JSON.stringify(result, null, 2));
}
