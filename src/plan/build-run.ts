import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BuildOptions, BuildResult } from "../build.js";
import type { ResolvedConfig } from "../config/config-schema.js";
import type { LoadedConfig } from "../config/load-config.js";
import { compareDiagnostics, type Diagnostic, type Phase } from "../errors/diagnostic.js";
import type { MarkdownOptions } from "../markdown/create-markdown-processor.js";
import { type ShardRun, startShardRun } from "../shard/shard-run.js";
import { shardCacheFolder } from "../shard/shard-spec.js";
import type { PreviewFlags } from "../site/decide-visibility.js";
import { defaultThemeDir } from "../templates/create-template-engine.js";

/** One build's settings, clock of phases and diagnostics: what every phase of `build()` reads. */
export interface BuildRun {
  readonly options: BuildOptions;
  readonly root: string;
  readonly outDir: string;
  /** Where the last build's output is now (the output folder, or where `newsdeck dev` moved it). */
  readonly previousDir: string;
  readonly loaded: LoadedConfig;
  readonly config: ResolvedConfig;
  readonly flags: PreviewFlags;
  /** `site.url` or `--base-url`, without a trailing slash. */
  readonly baseUrl: string;
  readonly minify: boolean;
  readonly cacheDir: string;
  /** The template layers: the site's `templates/`, then the default theme. */
  readonly layers: readonly string[];
  readonly themeDir: string;
  readonly markdown: MarkdownOptions;
  /** A check: validate and render, write nothing. */
  readonly dryRun: boolean;
  /** One shard of a sharded build (`--shard K/N`): see `shard/`. */
  readonly shard?: ShardRun | undefined;
  /** Every problem found so far. */
  readonly diagnostics: Diagnostic[];
  readonly timings: Record<Phase, number>;
  /** Runs a phase's work and adds its time to the phase. */
  time<T>(phase: Phase, work: () => Promise<T> | T): Promise<T>;
  /** The result of a build that failed with these diagnostics. */
  fail(diagnostics: readonly Diagnostic[], exitCode: 1 | 2): BuildResult;
}

/** Milliseconds per phase, all zero. */
export function emptyTimings(): Record<Phase, number> {
  return {
    config: 0,
    load: 0,
    validate: 0,
    markdown: 0,
    assemble: 0,
    templates: 0,
    outputs: 0,
    write: 0,
  };
}

/** A phase timer over `timings`. */
export function phaseTimer(timings: Record<Phase, number>): BuildRun["time"] {
  return async (phase, work) => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] += performance.now() - start;
    }
  };
}

/** The failed result of a build: diagnostics sorted, warnings errors under `--strict`. */
export function failedResult(
  options: BuildOptions,
  outDir: string,
  timings: Record<Phase, number>,
): BuildRun["fail"] {
  return (diagnostics, exitCode) => ({
    exitCode,
    diagnostics: diagnostics
      .map((d) =>
        options.strict && d.severity === "warning" ? { ...d, severity: "error" as const } : d,
      )
      .sort(compareDiagnostics),
    outDir,
    timings,
    pages: 0,
    rendered: 0,
    files: new Map(),
    fileCount: 0,
  });
}

/** The settings of a build from its options and config. */
export function startRun(
  options: BuildOptions,
  root: string,
  outDir: string,
  loaded: LoadedConfig,
  timings: Record<Phase, number>,
): BuildRun {
  const { config } = loaded;
  const themeDir = options.themeDir ?? defaultThemeDir;
  const cacheDir = path.resolve(root, options.cacheDir ?? config.build.cacheDir);
  return {
    options,
    root,
    outDir,
    previousDir: path.resolve(options.previousOutDir ?? outDir),
    loaded,
    config,
    flags: { drafts: options.drafts ?? false, future: options.future ?? false },
    baseUrl: (options.baseUrl ?? config.site.url).replace(/\/+$/, ""),
    minify: options.minify ?? config.build.minify,
    // Each shard keeps a build cache of its own, as a CI cache keyed on K/N restores it.
    cacheDir: options.shard ? path.join(cacheDir, shardCacheFolder(options.shard)) : cacheDir,
    layers: [path.join(root, "templates"), themeDir],
    themeDir,
    markdown: { embedsAllow: config.embeds.allow, limits: config.limits.body },
    dryRun: options.dryRun ?? false,
    shard: options.shard && startShardRun(options.shard),
    diagnostics: [],
    timings,
    time: phaseTimer(timings),
    fail: failedResult(options, outDir, timings),
  };
}
