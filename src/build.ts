import path from "node:path";
import { StateChunkError } from "./cache/build-state.js";
import { engineVersion } from "./cache/engine-version.js";
import { hashKey } from "./cache/hash.js";
import type { ResolvedConfig } from "./config/config-schema.js";
import { type LoadedConfig, loadConfig } from "./config/load-config.js";
import {
  createDiagnostic,
  type Diagnostic,
  hasFailures,
  NewsdeckError,
  type Phase,
} from "./errors/diagnostic.js";
import { applyChanges } from "./plan/apply-changes.js";
import { buildResult } from "./plan/build-result.js";
import {
  type BuildRun,
  emptyTimings,
  failedResult,
  phaseTimer,
  startRun,
} from "./plan/build-run.js";
import { commitBuild } from "./plan/commit-build.js";
import { findChanges } from "./plan/find-changes.js";
import { openCache } from "./plan/open-cache.js";
import { planBuild } from "./plan/plan-build.js";
import { RecordMissingError } from "./plan/record-reader.js";
import { placementKey } from "./plan/update-site.js";
import { writeOutputs } from "./plan/write-outputs.js";
import type { SearchStats } from "./search/search-outputs.js";
import { narrowToShard } from "./shard/narrow-plan.js";
import { sealShard } from "./shard/seal-shard.js";
import { type ShardSpec, shardCacheFolder } from "./shard/shard-spec.js";
import type { Site } from "./site/model.js";
import { createTemplateEngine } from "./templates/create-template-engine.js";
import { type BuildLockOptions, lockBuild } from "./write/build-lock.js";
import { checkOutDir } from "./write/check-out-dir.js";
import { describeWriteFailure } from "./write/describe-write-failure.js";
import type { WrittenFile } from "./write/output-writer.js";

/** How to run a build. Only `root` is required. */
export interface BuildOptions {
  /** The site folder. */
  readonly root: string;
  /** The output folder; default `<root>/dist`. */
  readonly outDir?: string | undefined;
  /** The build time (the injected clock), epoch milliseconds. The CLI passes `--now` or the current time. */
  readonly now: number;
  /** Include drafts (previews only). */
  readonly drafts?: boolean | undefined;
  /** Include future-dated articles (previews only). */
  readonly future?: boolean | undefined;
  /** Absolute URLs use this instead of `site.url`. */
  readonly baseUrl?: string | undefined;
  /** Validate everything and write nothing (`newsdeck check`). */
  readonly dryRun?: boolean | undefined;
  /** Warnings fail the build. */
  readonly strict?: boolean | undefined;
  /** The default theme folder; tests may point elsewhere. */
  readonly themeDir?: string | undefined;
  /** The build cache folder; default `<root>/<build.cacheDir>`. */
  readonly cacheDir?: string | undefined;
  /**
   * Worker threads for Markdown rendering, default the number of cores; pages are written on as
   * many while this thread renders them. 0 does everything in this thread.
   */
  readonly threads?: number | undefined;
  /** Minify HTML; overrides `build.minify` (`newsdeck dev` and `--no-minify` pass false). */
  readonly minify?: boolean | undefined;
  /** What a long-running process (`newsdeck dev`) keeps in memory from one build to the next. */
  readonly session?: BuildSession | undefined;
  /**
   * Paths (relative to the root) a watcher saw change since the session's last build: only
   * these are looked at. Without it, every source is compared with the build state.
   */
  readonly changed?: ReadonlySet<string> | undefined;
  /**
   * Where the last build's output is now, when the caller moved it away from `outDir` after that
   * build (`newsdeck dev` serves it elsewhere): unchanged pages are taken from there.
   */
  readonly previousOutDir?: string | undefined;
  /**
   * A preview build (`newsdeck dev`): keeps its own state in the session and writes no
   * schedule, so the production build's record stays as it was.
   */
  readonly preview?: boolean | undefined;
  /**
   * Leave the search buckets a change reaches for the next build that does not (`newsdeck dev`
   * re-indexes them right after the saved page is served): `searchPending` in the result says
   * how many wait. A build that renders everything never defers.
   */
  readonly deferSearch?: boolean | undefined;
  /** Runs the commit into the output folder; `newsdeck dev` holds requests meanwhile. */
  readonly commitGate?: ((commit: () => Promise<void>) => Promise<void>) | undefined;
  /** Whether and how long to wait for another build of the same output or cache (`--wait`). */
  readonly lock?: BuildLockOptions | undefined;
  /**
   * Build only this shard of the site (`--shard K/N`) into `outDir`, with a build cache of its
   * own: every shard makes the same plan and writes its own part of it; `newsdeck merge` makes
   * the site of the shards (see `shard/`).
   */
  readonly shard?: ShardSpec | undefined;
}

/**
 * What a process (`newsdeck dev`) keeps between builds instead of reading it from the cache
 * folder each time: the build state and the validated records. Only an optimisation: a build
 * given a session writes the same bytes as one without.
 */
export class BuildSession {
  /** The state of each cache folder and kind of build, once read. */
  readonly states = new Map<string, unknown>();
  /**
   * Paths a watcher reported to builds that did not commit (a content error, a broken config),
   * per site and kind of build: the state still predates them, so the next build looks at them
   * too.
   */
  readonly unbuilt = new Map<string, ReadonlySet<string>>();
  /**
   * A folder of the process's own (removed when it ends) where a preview's state, which is never
   * saved, may put the chunks a large build lets go of (see `BuildState.release`).
   */
  readonly spillDir: string | undefined;

  constructor(spillDir?: string) {
    this.spillDir = spillDir;
  }
}

/** What a build changed in its output folder. */
export interface OutputChanges {
  /** Files written with new bytes (or new), with their hash and size. */
  readonly changed: ReadonlyMap<string, WrittenFile>;
  /** Which of them are new. */
  readonly added: ReadonlySet<string>;
  /** Files removed. */
  readonly removed: readonly string[];
  /** The whole output was replaced (a first build, or one after a change every page shows). */
  readonly replaced: boolean;
}

/** What a build did. */
export interface BuildResult {
  /** 0 success, 1 content or template errors, 2 usage or config errors. */
  readonly exitCode: 0 | 1 | 2;
  readonly diagnostics: readonly Diagnostic[];
  readonly outDir: string;
  /** Milliseconds per phase, in pipeline order. */
  readonly timings: Readonly<Record<Phase, number>>;
  /** Pages in the output (HTML files). */
  readonly pages: number;
  /** Pages and other files this build rendered (the rest were already there). */
  readonly rendered: number;
  /**
   * Content files whose bytes this build read (the rest were known unchanged from their metadata,
   * or from git's index in a fresh checkout), out of all it looked at.
   */
  readonly sources?: { readonly read: number; readonly total: number } | undefined;
  /** What site search indexed in this build (absent with search off). */
  readonly search?: SearchStats | undefined;
  /** Every file in the output with hash and size (read from the build state when asked). */
  readonly files: ReadonlyMap<string, WrittenFile>;
  /** How many files the output holds (without reading them all from the state). */
  readonly fileCount: number;
  /** What changed in the output folder. */
  readonly changes?: OutputChanges | undefined;
  /** The next moment the published set changes, when one is known. */
  readonly nextChange?: number | undefined;
  /** Where `nextChange` is kept for CI: `<cacheDir>/schedule.json`. Absent for `check`. */
  readonly scheduleFile?: string | undefined;
  readonly config?: ResolvedConfig | undefined;
  /** The whole site, made from the index when asked (for programs and tests). */
  readonly site?: Site | undefined;
}

/**
 * Builds a site. The build is a plan: find what changed since the build state's build (sources,
 * templates, the clock), apply it to the site index, render the outputs it reaches, and commit.
 * Every problem is collected and reported together; the output folder changes only when there
 * are none. Each phase lives in `plan/`; this function shows their order.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const unbuilt = options.session?.unbuilt;
  if (!unbuilt || options.dryRun) return buildOnce(options);
  // A watcher's list names what changed since the last build; after a failed build, since the
  // last one that committed.
  const key = [
    path.resolve(options.root),
    options.cacheDir ?? "",
    options.preview ?? false,
    options.shard ? `${options.shard.index}/${options.shard.count}` : "",
  ].join("\u0000");
  const before = unbuilt.get(key);
  const changed =
    options.changed && before ? new Set([...before, ...options.changed]) : options.changed;
  let result: BuildResult | undefined;
  try {
    result = await buildOnce({ ...options, changed });
    return result;
  } finally {
    if (result?.exitCode === 0) unbuilt.delete(key);
    else if (changed) unbuilt.set(key, changed);
  }
}

async function buildOnce(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, "dist"));
  const timings = emptyTimings();
  const fail = failedResult(options, outDir, timings);
  let loaded: LoadedConfig;
  try {
    loaded = await phaseTimer(timings)("config", () =>
      loadConfig(root, {
        cached: true,
        cacheDir: options.cacheDir,
        cacheSubdir: options.shard && shardCacheFolder(options.shard),
      }),
    );
    const unsafe = checkOutDir(root, outDir);
    if (unsafe) return fail([unsafe], 2);
  } catch (error) {
    if (error instanceof NewsdeckError) return fail(error.diagnostics, error.exitCode);
    throw error;
  }
  const run = startRun(options, root, outDir, loaded, timings);

  // Builds sharing the output folder or the cache take turns; a check writes neither.
  const locks = run.dryRun
    ? undefined
    : await lockBuild({
        root,
        outDir,
        cacheDir: run.cacheDir,
        preview: options.preview,
        lock: options.lock,
      });
  if (locks && "code" in locks) return fail([locks], 2);
  try {
    try {
      return await buildLocked(run);
    } catch (error) {
      // The state counts on a validated record the store has lost (a damaged records chunk)
      // and the pages could not recover it, or on a chunk of its own that is gone or damaged:
      // built again, trusting nothing the cache says.
      if (!(error instanceof RecordMissingError || error instanceof StateChunkError)) throw error;
      return await buildLocked(startRun(options, root, outDir, loaded, timings), error.message);
    }
  } finally {
    locks?.release();
  }
}

/**
 * The build itself, once it holds the locks. `distrust` ignores the build state (a full build),
 * saying why.
 */
async function buildLocked(run: BuildRun, distrust?: string): Promise<BuildResult> {
  const { options, root, fail } = run;
  // What the last build left. A build that fails leaves it as it was.
  const cache = openCache({
    distrust,
    cacheDir: run.cacheDir,
    root,
    outDir: run.previousDir,
    validation: validationKey(run.config, root),
    readOnly: run.dryRun,
    preview: options.preview ?? false,
    session: options.session?.states,
    spillDir: options.session?.spillDir,
  });
  const undo = cache.state.checkpoint();
  let committed = false;
  try {
    if (cache.ignored) {
      const where = options.cacheDir ?? run.config.build.cacheDir;
      run.diagnostics.push(
        cacheIgnored(`the build cache in ${where} was ignored: ${cache.ignored}`),
      );
    }
    const engine = createTemplateEngine(root, run.themeDir);
    const disclaimerPartials = new Set(engine.list("partials/disclaimers"));
    const placement = placementKey(run.config, run.flags, disclaimerPartials, engineVersion);

    // 1. What changed: sources, templates, public files, images (a watcher's list in dev).
    const changes = await run.time("load", () =>
      findChanges(
        { root, records: cache.state.tables.files, realNow: Date.now() },
        cache.state,
        run.layers,
        cache.fresh ? undefined : options.changed,
      ),
    );
    // 2. Apply it to the site index: validate, place, move lists, render the new bodies.
    const applied = await applyChanges(run, cache, changes, {
      disclaimerPartials,
      replace: !cache.fresh && cache.state.meta?.placement !== placement,
    });
    // 3. Plan what to render: what the changes reach, or everything (of a shard: its own part).
    const plan = narrowToShard(
      run,
      cache,
      changes,
      applied,
      await planBuild(run, cache, changes, applied, disclaimerPartials),
    );
    // 4. Render and write it beside the output folder.
    const written = await writeOutputs(run, cache, changes, applied, plan, engine);
    if ("failed" in written) return fail([...run.diagnostics, ...written.failed], 1);
    if (hasFailures(run.diagnostics, options.strict)) {
      await written.writer.abort();
      return { ...fail(run.diagnostics, 1), config: run.config };
    }
    if (run.dryRun) {
      cache.dispose();
      return buildResult(run, cache, changes, applied, plan, written);
    }
    // 5. Commit the output folder, then the state that describes it.
    await run.time("write", () =>
      commitBuild(run, cache, changes, applied, plan, written, placement),
    );
    committed = true;
    // A shard's folder becomes mergeable last, once its files and state are in place.
    if (run.shard) sealShard(run, cache, changes);
    return buildResult(run, cache, changes, applied, plan, written);
  } catch (error) {
    // A full disk or a read-only folder is the user's to fix: one line naming the path.
    const failure = describeWriteFailure(error, root);
    if (!failure) throw error;
    return fail([...run.diagnostics, failure], 1);
  } finally {
    // A failed build leaves the state as it was (a session keeps it in memory).
    if (!committed) undo();
  }
}

/**
 * The key of everything validating a source reads besides its bytes, and the Markdown options:
 * an entry's body key is made when its file is validated, so bodies render again when the
 * options change (embeds.allow, limits.body).
 */
export function validationKey(config: ResolvedConfig, root: string): string {
  return hashKey(
    engineVersion,
    root,
    config.site.timezone,
    config.sections ?? null,
    config.embeds.allow,
    config.limits.body,
  );
}

/** A warning that the build cache was unusable and ignored. */
export function cacheIgnored(message: string): Diagnostic {
  return createDiagnostic("CacheIgnored", message, {
    phase: "load",
    hint: "nothing to do: this build rebuilds it; delete the folder to silence this",
  });
}
