import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type BuildState, commitState } from "./cache/build-state.js";
import { engineVersion } from "./cache/engine-version.js";
import { hashKey } from "./cache/hash.js";
import { idKey } from "./cache/lazy-table.js";
import { formatSchedule, scheduleFileName, writeSchedule } from "./cache/schedule-file.js";
import type { ResolvedConfig } from "./config/config-schema.js";
import { type LoadedConfig, loadConfig } from "./config/load-config.js";
import { SourceLoader } from "./content/load-sources.js";
import {
  compareDiagnostics,
  createDiagnostic,
  type Diagnostic,
  hasFailures,
  NewsdeckError,
  type Phase,
} from "./errors/diagnostic.js";
import { ImageRegistry } from "./images/image-registry.js";
import { bodyKey, recoverBody, renderBodies } from "./markdown/render-bodies.js";
import { collectEvery, largeSite } from "./memory/collect-garbage.js";
import { manifestPath } from "./outputs/manifest-file.js";
import { collectThemeAssets } from "./outputs/theme-assets.js";
import { findChanges } from "./plan/find-changes.js";
import { type FinishedOutputs, finishOutputs } from "./plan/finish-outputs.js";
import { globalKey } from "./plan/global-key.js";
import { openCache } from "./plan/open-cache.js";
import { type OutputPlan, planChanges, planEverything } from "./plan/plan-outputs.js";
import { produceOutputs } from "./plan/produce-outputs.js";
import { recordSources } from "./plan/record-sources.js";
import { trackBodies } from "./plan/track-bodies.js";
import { checkDisclaimerRules, placementKey, updateSite } from "./plan/update-site.js";
import type { ArticleEntry } from "./site/article-entry.js";
import { checkUrlClashes, tagMergeDiagnostics } from "./site/check-url-clashes.js";
import type { Article, Site } from "./site/model.js";
import type { SiteView } from "./site/site-view.js";
import { createTemplateEngine, defaultThemeDir } from "./templates/create-template-engine.js";
import { findFavicon } from "./templates/find-favicon.js";
import type { RenderContext } from "./templates/render-subject.js";
import { createTemplateHelpers } from "./templates/template-helpers.js";
import { type BuildLockOptions, lockBuild } from "./write/build-lock.js";
import { checkOutDir } from "./write/check-out-dir.js";
import { describeWriteFailure } from "./write/describe-write-failure.js";
import {
  createDryRunWriter,
  createOutputWriter,
  DuplicateOutputError,
  type OutputWriter,
  type PreviousOutputs,
  type WrittenFile,
} from "./write/output-writer.js";

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
   * Worker threads for Markdown rendering, default the number of cores; pages are written on one
   * fewer while this thread renders them. 0 does everything in this thread.
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
  /** Runs the commit into the output folder; `newsdeck dev` holds requests meanwhile. */
  readonly commitGate?: ((commit: () => Promise<void>) => Promise<void>) | undefined;
  /** Whether and how long to wait for another build of the same output or cache (`--wait`). */
  readonly lock?: BuildLockOptions | undefined;
}

/**
 * What a process (`newsdeck dev`) keeps between builds instead of reading it from the cache
 * folder each time: the build state and the validated records. Only an optimisation: a build
 * given a session writes the same bytes as one without.
 */
export class BuildSession {
  /** The state of each cache folder and kind of build, once read. */
  readonly states = new Map<string, unknown>();
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
  /** Every file in the output with hash and size (read from the build state when asked). */
  readonly files: ReadonlyMap<string, WrittenFile>;
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
 * templates, the clock), apply it to the site index, render the outputs it affects, and commit.
 * Every problem is collected and reported together; the output folder changes only when there
 * are none. The phases live in `plan/`; this function shows their order.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir ?? path.join(root, "dist"));
  const timings = {
    config: 0,
    load: 0,
    validate: 0,
    markdown: 0,
    assemble: 0,
    templates: 0,
    outputs: 0,
    write: 0,
  } satisfies Record<Phase, number>;
  const time = async <T>(phase: Phase, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] += performance.now() - start;
    }
  };
  const fail = (diagnostics: readonly Diagnostic[], exitCode: 1 | 2): BuildResult => ({
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
  });

  let loaded: LoadedConfig;
  try {
    loaded = await time("config", () => loadConfig(root));
    const unsafe = checkOutDir(root, outDir);
    if (unsafe) return fail([unsafe], 2);
  } catch (error) {
    if (error instanceof NewsdeckError) return fail(error.diagnostics, error.exitCode);
    throw error;
  }
  const { config } = loaded;
  const dryRun = options.dryRun ?? false;
  const flags = { drafts: options.drafts ?? false, future: options.future ?? false };
  const baseUrl = (options.baseUrl ?? config.site.url).replace(/\/+$/, "");
  const minify = options.minify ?? config.build.minify;
  const cacheDir = path.resolve(root, options.cacheDir ?? config.build.cacheDir);
  const themeDir = options.themeDir ?? defaultThemeDir;
  const layers = [path.join(root, "templates"), themeDir];
  const previousDir = path.resolve(options.previousOutDir ?? outDir);
  const markdown = { embedsAllow: config.embeds.allow, limits: config.limits.body };
  const diagnostics: Diagnostic[] = [];

  // Builds sharing the output folder or the cache take turns; a check writes neither.
  const locks = dryRun
    ? undefined
    : await lockBuild({ root, outDir, cacheDir, preview: options.preview, lock: options.lock });
  if (locks && "code" in locks) return fail([locks], 2);
  try {
    return await buildLocked();
  } finally {
    locks?.release();
  }

  async function buildLocked(): Promise<BuildResult> {
    // 1. What the last build left, and what changed since.
    const validation = validationKey(config, root);
    const cache = openCache({
      cacheDir,
      root,
      outDir: previousDir,
      validation,
      readOnly: dryRun,
      preview: options.preview ?? false,
      session: options.session?.states,
    });
    const { state } = cache;
    const undo = state.checkpoint();
    let committed = false;
    try {
      if (cache.ignored)
        diagnostics.push(
          cacheIgnored(
            `the build cache in ${options.cacheDir ?? config.build.cacheDir} was ignored: ${cache.ignored}`,
          ),
        );
      const engine = createTemplateEngine(root, themeDir);
      const disclaimerPartials = new Set(engine.list("partials/disclaimers"));
      const placement = placementKey(config, flags, disclaimerPartials, engineVersion);
      const changes = await time("load", () =>
        findChanges(
          { root, records: state.tables.files, realNow: Date.now() },
          state,
          layers,
          cache.fresh ? undefined : options.changed,
        ),
      );

      // 2. Apply them to the site index: validate changed sources, place them, move the lists.
      const loader = new SourceLoader(cache.records, validation, {
        config,
        root,
        fileExists: existsSync,
      });
      const records = recordReader(loader);
      const site = await time("assemble", () =>
        updateSite({
          root,
          state,
          loader,
          scan: changes.content,
          recheck: usersOf(state, changes.changedImages, root),
          config,
          now: options.now,
          flags,
          baseUrl,
          disclaimerPartials,
          fresh: cache.fresh,
          replace: !cache.fresh && state.meta?.placement !== placement,
          bodyKey: (source) => bodyKey(source, markdown),
          record: records.get,
        }),
      );
      diagnostics.push(...site.diagnostics);
      diagnostics.push(
        ...checkDisclaimerRules(config, disclaimerPartials, loaded.file, loaded.locate),
      );
      const { view } = site;

      // 3. Render the bodies that are new, and keep what they hold (messages, links, images).
      const rendered = await time("markdown", () =>
        renderBodies({
          sources: site.bodies,
          options: markdown,
          store: cache.bodies,
          known: state.tables.bodies,
          threads: options.threads,
        }),
      );
      for (const [key, info] of rendered.infos) state.tables.bodies.set(key, info);
      const bodies = trackBodies({
        root,
        state,
        users: site.users,
        rebuild: site.rebuilt,
        changedImages: changes.changedImages,
      });
      diagnostics.push(...bodies.notes);
      // Every URL has one owner: checked whole when URLs came, went or moved (a listing page
      // that appears over an alias is caught as it is written, see claimCheck).
      const clashes =
        cache.fresh ||
        site.rebuilt ||
        site.aliases.size > 0 ||
        site.pages.changed.size > 0 ||
        [...site.update.articles.values()].some((c) => c.before?.url !== c.after?.url);
      if (clashes) diagnostics.push(...checkUrlClashes(view, records.get));
      diagnostics.push(...tagMergeDiagnostics(view, records.get));

      // 4. The plan: every output after a change every page shows, else what the changes reach.
      const assets = await time("outputs", () => collectThemeAssets(layers));
      const favicon = findFavicon(root, assets.urls);
      const global = globalKey({
        config,
        flags,
        baseUrl,
        minify,
        assets: assets.urls,
        favicon,
        view,
        disclaimerPartials,
      });
      const everything =
        cache.fresh ||
        !cache.trusted ||
        site.rebuilt ||
        state.meta?.global !== global ||
        site.update.tagNames.size > 0;
      if (process.env.NEWSDECK_DEBUG)
        console.error("everything", {
          fresh: cache.fresh,
          trusted: cache.trusted,
          rebuilt: site.rebuilt,
          global: state.meta?.global !== global,
          tags: site.update.tagNames.size,
        });
      const plan: OutputPlan = everything
        ? {
            render: planEverything(view, {
              hasRobots: changes.hasRobots,
              images: state.tables.imageUsers.keys(),
              publicFiles: changes.publicPaths,
              aliases: state.tables.aliases.keys(),
            }),
            stale: new Set(state.tables.outputs.keys()),
          }
        : planChanges(
            view,
            {
              update: site.update,
              previousNow: state.meta?.now ?? options.now,
              templates: changes.changedTemplates,
              pages: site.pages,
              bios: site.bios,
              publicFiles: changes.publicChanges,
              hasRobots: changes.hasRobots,
              aliases: site.aliases,
              images: bodies.images,
              droppedImages: bodies.droppedImages,
            },
            state.tables.outputs,
            state.tables.templateSets,
          );

      // 5. Render what the plan names; write it beside the output folder.
      const contentFailed = hasFailures(diagnostics);
      const checking = dryRun || contentFailed;
      const writerOptions = {
        minify,
        threads: options.threads === undefined ? undefined : Math.max(0, options.threads - 1),
        incremental: !everything,
      };
      const writer: OutputWriter = checking
        ? createDryRunWriter(writerOptions)
        : await createOutputWriter(
            outDir,
            previousOutputs(state, cache.trusted),
            previousDir,
            writerOptions,
          );
      const images = new ImageRegistry({
        cacheDir: path.join(cacheDir, "images"),
        images: config.images,
        readOnly: checking,
      });
      // A large build's phases each leave much garbage behind: collected every so many pages,
      // and the articles made for pages let go, so the peak stays near what the build holds.
      const large = plan.render.size >= largeSite;
      const collect = collectEvery();
      const context: RenderContext = {
        view,
        engine,
        bodies: {
          info: (key) => state.tables.bodies.get(key),
          store: cache.bodies,
          recover: (source) => recoverBody(source, markdown, cache.bodies),
        },
        images,
        helpers: createTemplateHelpers(config, baseUrl, assets.urls, favicon),
        root,
        report: (diagnostic) => diagnostics.push(diagnostic),
      };
      let finished: FinishedOutputs | undefined;
      try {
        const produced = await time("templates", () =>
          produceOutputs(
            {
              context,
              state,
              writer,
              assets,
              root,
              skipClaimed: contentFailed,
              claim: contentFailed ? undefined : claimCheck(state, plan.stale, everything),
              recover: records.recover,
              tick: () => {
                if (!large) return;
                collect();
                view.releaseEvery(largeSite);
              },
            },
            plan.render.values(),
          ),
        );
        finished = await time("outputs", () =>
          finishOutputs({
            root,
            config,
            baseUrl,
            state,
            writer,
            produced,
            stale: plan.stale,
            publicPaths: new Set(changes.publicPaths),
            headers:
              everything ||
              changes.publicChanges.changed.includes("_headers") ||
              changes.publicChanges.removed.includes("_headers"),
            linkSources: bodies.links,
          }),
        );
        // Links to articles that failed validation would all look broken: not checked then.
        if (!contentFailed) diagnostics.push(...finished.diagnostics);
        await time("write", () => writer.finish());
      } catch (error) {
        await writer.abort();
        if (error instanceof DuplicateOutputError)
          return fail([...diagnostics, duplicateOutput(root, error)], 1);
        if (error instanceof OutputClashError)
          return fail([...diagnostics, ...checkUrlClashes(view, records.get), error.diagnostic], 1);
        throw error;
      }
      if (hasFailures(diagnostics, options.strict)) {
        await writer.abort();
        return { ...fail(diagnostics, 1), config };
      }
      const nextChange = view.model.nextChange();
      if (dryRun) {
        cache.dispose();
        return result({
          diagnostics,
          outDir,
          timings,
          state,
          config,
          view,
          finished,
          everything,
          nextChange,
        });
      }

      // 6. Commit: the output folder first, then the state that describes it. A build killed in
      // between leaves a state whose manifest no longer matches: the next build renders everything.
      view.model.flush();
      await time("write", async () => {
        await (options.commitGate ?? ((commit) => commit()))(() => writer.commit());
        recordSources(state, changes);
        const manifest = statSync(path.join(outDir, manifestPath), { throwIfNoEntry: false });
        const meta = {
          validation,
          placement,
          global,
          now: options.now,
          savedAt: Date.now(),
          nextId: view.model.nextId,
          outDir: previousDir,
          root,
          manifest: manifest && {
            size: manifest.size,
            mtimeMs: manifest.mtimeMs,
            hash: state.tables.outputs.get(manifestPath)?.hash ?? "",
          },
        };
        state.meta = meta;
        cache.records.save();
        if (cache.file) {
          commitState(state.write(cache.file, meta), cache.file);
          if (!options.preview)
            await writeSchedule(
              cacheDir,
              formatSchedule(options.now, nextChange, config.site.timezone),
            );
        }
        for (const key of site.removedBodies) {
          state.tables.bodies.set(key, undefined);
          await cache.bodies.remove(key);
        }
        committed = true;
      });
      return result({
        diagnostics,
        outDir,
        timings,
        state,
        config,
        view,
        finished,
        everything,
        nextChange,
        scheduleFile:
          cache.file && !options.preview ? path.join(cacheDir, scheduleFileName) : undefined,
      });
    } catch (error) {
      // A full disk or a read-only folder is the user's to fix: one line naming the path.
      const failure = describeWriteFailure(error, root);
      if (!failure) throw error;
      return fail([...diagnostics, failure], 1);
    } finally {
      // A failed build leaves the state as it was (a session keeps it in memory).
      if (!committed) undo();
    }
  }
}

/** The result of a successful build (or check). */
function result(input: {
  readonly diagnostics: Diagnostic[];
  readonly outDir: string;
  readonly timings: Readonly<Record<Phase, number>>;
  readonly state: BuildState;
  readonly config: ResolvedConfig;
  readonly view: SiteView;
  readonly finished: FinishedOutputs | undefined;
  readonly everything: boolean;
  readonly nextChange: number | undefined;
  readonly scheduleFile?: string | undefined;
}): BuildResult {
  const outputs = input.state.tables.outputs;
  let pages = 0;
  for (const outputPath of outputs.keys()) if (outputPath.endsWith(".html")) pages++;
  let files: ReadonlyMap<string, WrittenFile> | undefined;
  let site: Site | undefined;
  return {
    exitCode: 0,
    diagnostics: input.diagnostics.sort(compareDiagnostics),
    outDir: input.outDir,
    timings: input.timings,
    pages,
    rendered: input.finished?.changed.size ?? 0,
    get files() {
      files ??= new Map(
        [...outputs.entries()].map(([file, record]) => [
          file,
          { hash: record.hash, size: record.size },
        ]),
      );
      return files;
    },
    changes: input.finished && {
      changed: input.finished.changed,
      added: input.finished.added,
      removed: input.finished.removed,
      replaced: input.everything,
    },
    nextChange: input.nextChange,
    scheduleFile: input.scheduleFile,
    config: input.config,
    get site() {
      site ??= input.view.snapshot();
      return site;
    },
  };
}

/** The records of articles, as pages need them: from the store, or validated again when missing. */
function recordReader(loader: SourceLoader): {
  get: (entry: ArticleEntry) => Article;
  recover: (error: unknown) => Promise<boolean>;
} {
  return {
    get(entry) {
      const record = loader.stored<Article>(entry.file, entry.contentId);
      if (!record?.value) throw new RecordMissingError(entry);
      return record.value;
    },
    async recover(error) {
      if (!(error instanceof RecordMissingError)) return false;
      const { entry } = error;
      const record = await loader.load<Article>("article", {
        file: entry.file,
        absPath: path.join(loader.root, entry.file),
        id: entry.contentId,
      });
      return record.value !== undefined;
    },
  };
}

/** A page needed an article whose validated record is not in the store (a damaged cache). */
class RecordMissingError extends Error {
  readonly entry: ArticleEntry;
  constructor(entry: ArticleEntry) {
    super(`the record of ${entry.file} is missing from the build cache`);
    this.entry = entry;
  }
}

/** Content files to validate again because an image they show changed or went. */
function usersOf(state: BuildState, images: ReadonlySet<string>, root: string): Set<string> {
  const files = new Set<string>();
  for (const image of images) {
    for (const user of state.tables.imageUsers.get(image) ?? []) {
      if (user.startsWith("a:")) {
        const entry = state.tables.articles.get(idKey(Number(user.slice(2))));
        if (entry) files.add(entry.file);
      } else files.add(user.slice(2));
    }
  }
  void root;
  return files;
}

/** What the last build wrote, as the writer compares new files with it. */
function previousOutputs(state: BuildState, trusted: boolean): PreviousOutputs {
  if (!trusted) return { get: () => undefined, keys: () => [] };
  const outputs = state.tables.outputs;
  return { get: (outputPath) => outputs.get(outputPath), keys: () => outputs.keys() };
}

/**
 * Refuses a file that would replace one another subject made and still makes (an incremental
 * build does not write every file, so the writer alone cannot see such a clash).
 */
function claimCheck(
  state: BuildState,
  stale: ReadonlySet<string>,
  everything: boolean,
): (outputPath: string, subject: string) => void {
  return (outputPath, subject) => {
    if (everything || stale.has(outputPath)) return;
    const before = state.tables.outputs.get(outputPath);
    if (
      before &&
      before.subject !== subject &&
      !before.subject.startsWith(subject.split(":")[0] ?? "")
    )
      throw new OutputClashError(outputPath, before.subject, subject);
  };
}

/** Two subjects claim one output path. */
class OutputClashError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(outputPath: string, owner: string, claimant: string) {
    super(`two outputs claim ${outputPath}`);
    this.diagnostic = createDiagnostic("DuplicateUrl", `two outputs claim /${outputPath}`, {
      phase: "write",
      hint: `${claimant} would replace what ${owner} wrote; give one of them another URL`,
    });
  }
}

/** The diagnostic of two outputs claiming one path in one build. */
function duplicateOutput(root: string, error: DuplicateOutputError): Diagnostic {
  return createDiagnostic("DuplicateUrl", `two outputs claim /${error.outputPath}`, {
    // Pages and feeds are written first: the second claim is the file copied from public/.
    ...(existsSync(path.join(root, "public", error.outputPath))
      ? { file: `public/${error.outputPath}`, line: 1, column: 1 }
      : {}),
    phase: "write",
    hint: "a file in public/ has the same path as a generated page; rename one",
  });
}

/** The key of everything validating a source reads besides its bytes. */
export function validationKey(config: ResolvedConfig, root: string): string {
  return hashKey(engineVersion, root, config.site.timezone, config.sections ?? null);
}

/** A warning that the build cache was unusable and ignored. */
export function cacheIgnored(message: string): Diagnostic {
  return createDiagnostic("CacheIgnored", message, {
    phase: "load",
    hint: "nothing to do: this build rebuilds it; delete the folder to silence this",
  });
}
