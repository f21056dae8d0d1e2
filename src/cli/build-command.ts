import { writeFile } from "node:fs/promises";
import path from "node:path";
import pc from "picocolors";
import { build } from "../build.js";
import { escapeControlCharacters } from "../errors/escape-control-characters.js";
import { formatDiagnostic } from "../errors/format-diagnostic.js";
import { limitHeapGrowth } from "../memory/collect-garbage.js";
import { parseShardSpec, shardFolderName, shardLabel, shardsFolder } from "../shard/shard-spec.js";
import { formatIsoInZone } from "../site/time.js";
import { parseNow } from "./parse-now.js";
import { parseWait } from "./parse-wait.js";
import { printDiagnostics } from "./print-diagnostics.js";
import { printProblem } from "./print-problem.js";

/** Options of `newsdeck build` and `newsdeck check`. */
export interface BuildCommandOptions {
  readonly root?: string | undefined;
  readonly out?: string | undefined;
  readonly now?: string | undefined;
  readonly drafts?: boolean | undefined;
  readonly future?: boolean | undefined;
  readonly baseUrl?: string | undefined;
  readonly strict?: boolean | undefined;
  /** Writes phase timings and peak memory as JSON to this file (outside the output). */
  readonly report?: string | undefined;
  /** `--no-minify` sets this to false; otherwise `build.minify` in the config decides. */
  readonly minify?: boolean | undefined;
  /**
   * Worker threads: Markdown renders on this many, and pages are written on as many (a shared CI
   * runner may have fewer cores than it reports). 0 renders and writes in the main thread
   * (images are encoded by sharp's own threads either way).
   */
  readonly threads?: string | number | undefined;
  /** `--wait [SECONDS]`: wait for another build of the same output or cache (see parseWait). */
  readonly wait?: string | number | boolean | undefined;
  /** `--shard K/N`: build only shard K of N (see `shard/`); needs `--now`. */
  readonly shard?: string | number | undefined;
}

/** Runs a build (or a check, with `dryRun`) and returns the process exit code. */
export async function runBuildCommand(
  options: BuildCommandOptions,
  dryRun: boolean,
): Promise<number> {
  const started = performance.now();
  limitHeapGrowth();
  const now = parseNow(options.now);
  if (typeof now !== "number") {
    printProblem(now.error);
    return 2;
  }
  const threads = options.threads === undefined ? undefined : Number(options.threads);
  if (threads !== undefined && !(/^\d{1,3}$/.test(String(options.threads)) && threads <= 256)) {
    printProblem(
      `--threads "${options.threads}" is not a number of threads (hint: --threads 2, or 0 for none)`,
    );
    return 2;
  }
  const waitMs = parseWait(options.wait);
  if (typeof waitMs !== "number") {
    printProblem(waitMs.error);
    return 2;
  }
  const shard = options.shard === undefined ? undefined : parseShardSpec(String(options.shard));
  if (shard && "error" in shard) {
    printProblem(shard.error);
    return 2;
  }
  if (shard && options.now === undefined) {
    printProblem(
      "--shard needs --now: every shard of a build must use the same build time (hint: --now 2026-11-28T10:00:00Z, the same for every shard)",
    );
    return 2;
  }
  const root = path.resolve(options.root ?? ".");
  // Milliseconds from the process's start to the build's first file read (the config): what
  // loading Node and the modules a build needs cost before any work.
  const startupMs = Math.round(performance.now());
  const result = await build({
    root,
    outDir: options.out
      ? path.resolve(options.out)
      : shard && path.join(root, shardsFolder, shardFolderName(shard)),
    shard,
    now,
    drafts: options.drafts,
    future: options.future,
    baseUrl: options.baseUrl,
    strict: options.strict,
    dryRun,
    minify: options.minify === false ? false : undefined,
    threads,
    lock: {
      waitMs,
      onWait: (message) => process.stderr.write(`${escapeControlCharacters(message)}\n`),
    },
  });
  const [only] = result.diagnostics;
  if (result.diagnostics.length === 1 && only?.code === "BuildLocked") {
    // Another build at work is not this build's failure: one line names it, and nothing ran.
    process.stderr.write(`${pc.red(formatDiagnostic(only))}\n`);
    return result.exitCode;
  }
  printDiagnostics(result.diagnostics);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (result.exitCode === 0) {
    const where = escapeControlCharacters(path.relative(process.cwd(), result.outDir) || ".");
    process.stdout.write(
      dryRun
        ? `${pc.green("✓")} checked ${result.pages} pages in ${seconds} s: no errors\n`
        : shard
          ? `${pc.green("✓")} built shard ${shardLabel(shard)}: ${result.pages} pages (${result.fileCount} files, ${result.rendered} new or changed) in ${seconds} s into ${where}/ (merge every shard with: npx newsdeck merge SHARD_DIR...)\n`
          : `${pc.green("✓")} built ${result.pages} pages (${result.fileCount} files) in ${seconds} s into ${where}/ (open ${where}/index.html or run: npx newsdeck dev)\n`,
    );
    // The config, not the site: a snapshot of the whole site is every article's record.
    const timeZone = result.config?.site.timezone;
    if (result.nextChange !== undefined && timeZone !== undefined) {
      // The schedule lives in the build cache, not the output: it names when an embargo lifts.
      const see = result.scheduleFile
        ? `; see ${path.relative(process.cwd(), result.scheduleFile)}`
        : "";
      process.stdout.write(
        `next publishing change: ${formatIsoInZone(result.nextChange, timeZone)} (schedule a rebuild then${see})\n`,
      );
    }
  } else {
    process.stderr.write(
      `${pc.red("✗")} ${dryRun ? "check" : "build"} failed${dryRun ? "" : "; the previous output was left as it was"}\n`,
    );
  }
  if (options.report) {
    const report = {
      exitCode: result.exitCode,
      pages: result.pages,
      files: result.fileCount,
      seconds: Number(seconds),
      startupMs,
      timings: result.timings,
      rendered: result.rendered,
      sources: result.sources,
      search: result.search,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`);
  }
  return result.exitCode;
}
