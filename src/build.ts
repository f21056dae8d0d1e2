import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { engineVersion } from "./cache/engine-version.js";
import { fingerprintTemplates } from "./cache/fingerprint-templates.js";
import { hashKey } from "./cache/hash.js";
import { cacheIgnored, openBuildCache } from "./cache/open-build-cache.js";
import { PageCache } from "./cache/page-cache.js";
import { formatSchedule } from "./cache/schedule-file.js";
import { SourceCache } from "./cache/source-cache.js";
import { type LoadedConfig, loadConfig } from "./config/load-config.js";
import { fileExists, type LoadedContent, loadContent } from "./content/load-content.js";
import {
  compareDiagnostics,
  createDiagnostic,
  type Diagnostic,
  hasFailures,
  NewsdeckError,
  type Phase,
} from "./errors/diagnostic.js";
import { ImageRegistry } from "./images/image-registry.js";
import type { BodyLink } from "./markdown/rehype-collect-links.js";
import { type BodySourceRef, recoverBody, renderBodies } from "./markdown/render-bodies.js";
import { collectEvery, collectGarbage, largeSite } from "./memory/collect-garbage.js";
import { checkLinks } from "./outputs/check-links.js";
import { createFeedContent } from "./outputs/feed-content.js";
import { writeHeadersFile } from "./outputs/headers.js";
import { writeManifest } from "./outputs/manifest.js";
import { collectThemeAssets } from "./outputs/theme-assets.js";
import { writeSiteOutputs } from "./outputs/write-site-outputs.js";
import { assembleSite } from "./site/assemble-site.js";
import type { Site } from "./site/model.js";
import { formatIsoInZone } from "./site/time.js";
import { createTemplateEngine, defaultThemeDir } from "./templates/create-template-engine.js";
import { navigation, renderPages } from "./templates/render-pages.js";
import { createTemplateHelpers } from "./templates/template-helpers.js";
import { checkOutDir } from "./write/check-out-dir.js";
import {
  createDryRunWriter,
  createOutputWriter,
  DuplicateOutputError,
  interruptedCommit,
  type OutputWriter,
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
   * Where the last build's output is now, when the caller moved it away from `outDir` after that
   * build (`newsdeck dev` serves it elsewhere): unchanged pages are taken from there.
   */
  readonly previousOutDir?: string | undefined;
  /**
   * A preview build (`newsdeck dev`): keeps its own record in the build cache and writes no
   * schedule, so the production build's record stays as it was.
   */
  readonly preview?: boolean | undefined;
  /** Runs the commit into the output folder; `newsdeck dev` holds requests meanwhile. */
  readonly commitGate?: ((commit: () => Promise<void>) => Promise<void>) | undefined;
}

/**
 * Caches a process keeps between builds instead of reading them from the cache folder each time.
 * Only an optimisation: a build given a session writes the same bytes as one without.
 */
export class BuildSession {
  readonly #sources = new Map<string, SourceCache>();

  /** The validated-sources cache of `cacheDir`, read from disk the first time. */
  sources(cacheDir: string): SourceCache {
    let sources = this.#sources.get(cacheDir);
    if (!sources) {
      sources = SourceCache.open(cacheDir, { keep: true });
      this.#sources.set(cacheDir, sources);
    }
    return sources;
  }
}

/** What a build did. */
export interface BuildResult {
  /** 0 success, 1 content or template errors, 2 usage or config errors. */
  readonly exitCode: 0 | 1 | 2;
  readonly diagnostics: readonly Diagnostic[];
  readonly outDir: string;
  /** Milliseconds per phase, in pipeline order. */
  readonly timings: Readonly<Record<Phase, number>>;
  readonly pages: number;
  /** Written files with hash and size (what a successful build left in the output folder). */
  readonly files: ReadonlyMap<string, WrittenFile>;
  /** The next moment the published set changes, when one is known. */
  readonly nextChange?: number | undefined;
  /** Where `nextChange` is kept for CI: `<cacheDir>/schedule.json`. Absent for `check`. */
  readonly scheduleFile?: string | undefined;
  readonly site?: Site | undefined;
}

/**
 * Builds a site: config -> load -> validate -> assemble -> markdown + templates -> outputs ->
 * write. Every problem is collected and reported together; the output folder is replaced only
 * when there are none.
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
  const time = async <T>(phase: Phase, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] += performance.now() - start;
    }
  };
  // Under --strict a warning fails the run, so it is reported as the error it has become.
  const promote = (d: Diagnostic): Diagnostic =>
    options.strict && d.severity === "warning" ? { ...d, severity: "error" } : d;
  const fail = (diagnostics: readonly Diagnostic[], exitCode: 1 | 2): BuildResult => ({
    exitCode,
    diagnostics: diagnostics.map(promote).sort(compareDiagnostics),
    outDir,
    timings,
    pages: 0,
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

  const diagnostics: Diagnostic[] = [];
  const cacheDir = path.resolve(root, options.cacheDir ?? config.build.cacheDir);
  const sources = options.session?.sources(cacheDir) ?? SourceCache.open(cacheDir);
  try {
    const sourcesIgnored = sources.ignored;
    const loadAndAssemble = async <T>(
      assemble: (content: LoadedContent) => Promise<T>,
    ): Promise<T> => {
      const content = await time("load", async () => {
        const loadedContent = await loadContent(root, { config, root, fileExists }, sources);
        sources.settle();
        return loadedContent;
      });
      diagnostics.push(...content.diagnostics);
      return time("assemble", () => assemble(content));
    };
    const themeDir = options.themeDir ?? defaultThemeDir;
    const engine = createTemplateEngine(root, themeDir);
    const disclaimerPartials = new Set(engine.list("partials/disclaimers"));
    const baseUrl = (options.baseUrl ?? config.site.url).replace(/\/+$/, "");
    // Loaded sources live only until assembly has placed them: the site model is what stays.
    const { site, diagnostics: placement } = await loadAndAssemble(async (content) =>
      assembleSite({
        config,
        now: options.now,
        flags: { drafts: options.drafts ?? false, future: options.future ?? false },
        baseUrl,
        articles: content.articles,
        authors: content.authors,
        pages: content.pages,
        disclaimerPartials,
        configFile: loaded.file,
        locateConfig: loaded.locate,
      }),
    );
    diagnostics.push(...placement);
    // A large site's phases each leave much garbage behind: collected at their ends, so that the
    // peak stays near what the build holds (see collect-garbage.ts).
    const large = site.articles.length >= largeSite;
    const phaseEnded = () => {
      if (large) collectGarbage();
    };
    phaseEnded();
    // A run reports every problem at once: after content errors the valid pages still render,
    // for their body and template problems, but as a check does, into no output folder.
    const contentFailed = hasFailures(diagnostics);
    const dryRun = (options.dryRun ?? false) || contentFailed;
    // Validated front matter is now in the site model; a build that may succeed stages it for
    // the cache file.
    sources.release(!dryRun);

    const cache = await openBuildCache({
      cacheDir,
      displayDir: options.cacheDir ?? config.build.cacheDir,
      // Where this build's output is found by the next one (`newsdeck dev` moves it there).
      outDir: path.resolve(options.previousOutDir ?? outDir),
      readOnly: dryRun,
      preview: options.preview,
    });
    if (cache.notice) diagnostics.push(cache.notice);
    else if (sourcesIgnored) {
      const shown = options.cacheDir ?? config.build.cacheDir;
      diagnostics.push(
        cacheIgnored(`the build cache in ${shown} was partly ignored: ${sourcesIgnored}`),
      );
    }
    const markdownOptions = { embedsAllow: config.embeds.allow };
    const bodies = await time("markdown", () =>
      renderBodies({
        sources: [
          ...site.articles,
          ...site.authors.flatMap((a) => (a.bio ? [a.bio] : [])),
          ...site.pages,
        ],
        options: markdownOptions,
        store: cache.store,
        known: cache.known,
        threads: options.threads,
      }),
    );
    // After an interrupted commit the output folder is a mix of two builds: nothing in it is
    // taken as it is, and the whole folder is replaced.
    const previous = interruptedCommit(path.resolve(options.previousOutDir ?? outDir))
      ? new Map()
      : cache.previous;
    phaseEnded();
    // Generated files are minified, hashed and written on threads while pages render, one
    // fewer than the Markdown phase used: this thread renders the pages.
    const writerOptions = {
      minify: options.minify ?? config.build.minify,
      threads: options.threads === undefined ? undefined : Math.max(0, options.threads - 1),
    };
    const writer: OutputWriter = dryRun
      ? createDryRunWriter(writerOptions)
      : await createOutputWriter(outDir, previous, options.previousOutDir, writerOptions);
    if (contentFailed) {
      // Assembly has reported the URLs that clash: a second claim to one is not news then.
      const write = writer.write.bind(writer);
      writer.write = async (file) => {
        if (!writer.has(file.path)) await write(file);
      };
    }
    const links: { file: string; links: readonly BodyLink[] }[] = [];
    let pages = 0;
    let pageCache: PageCache | undefined;
    let files: ReadonlyMap<string, WrittenFile> = new Map();
    try {
      const assets = await time("outputs", () =>
        collectThemeAssets([path.join(root, "templates"), themeDir]),
      );
      const images = new ImageRegistry({
        cacheDir: path.resolve(root, options.cacheDir ?? config.build.cacheDir, "images"),
        images: config.images,
        readOnly: dryRun,
      });
      const feedContent = createFeedContent(site);
      const layers = [path.join(root, "templates"), themeDir];
      // What every page shows besides its own data: change any of it and every page re-renders.
      const year = formatIsoInZone(site.now, config.site.timezone).slice(0, 4);
      const templates = await fingerprintTemplates(layers);
      const globalKey = hashKey(
        engineVersion,
        config,
        baseUrl,
        writerOptions.minify,
        templates,
        [...assets.urls],
        navigation(site),
        site.pages,
        year,
      );
      pageCache = new PageCache(
        path.resolve(options.previousOutDir ?? outDir),
        previous,
        globalKey,
        site.articles,
      );
      const context = {
        site,
        engine,
        bodies: {
          keyOf: (file: string) => bodies.keys.get(file),
          info: (key: string) => bodies.infos.get(key),
          store: cache.store,
          recover: (source: BodySourceRef) => recoverBody(source, markdownOptions, cache.store),
        },
        pageCache,
        images,
        helpers: createTemplateHelpers(site, assets.urls),
        root,
        report: (diagnostic: Diagnostic) => diagnostics.push(diagnostic),
        links: (file: string, found: readonly BodyLink[]) => {
          if (found.length > 0) links.push({ file, links: found });
        },
        articleRendered: feedContent.collect,
      };
      const pageStream = renderPages(context);
      const collect = collectEvery();
      for (;;) {
        collect();
        const next = await time("templates", () => pageStream.next());
        if (next.done) break;
        await time("write", () => writer.write(next.value));
        pages++;
      }
      phaseEnded();
      await time("outputs", () =>
        writeSiteOutputs({
          root,
          site,
          engine,
          context,
          writer,
          assets: assets.files,
          images,
          feedContent,
        }),
      );
      phaseEnded();
      // Links to articles that failed validation would all look broken: not checked then.
      if (!contentFailed) diagnostics.push(...checkLinks(links, (p) => writer.has(p)));
      // Deploy files describe everything else, so they come last: _headers, then the manifest.
      diagnostics.push(
        ...(await time("outputs", () => writeHeadersFile({ root, config, writer }))),
      );
      await time("outputs", () => writeManifest({ root, baseUrl, config, writer }));
      // Every write has finished (or failed, and the build aborts) before the commit.
      files = await time("write", () => writer.finish());
    } catch (error) {
      await writer.abort();
      if (error instanceof DuplicateOutputError) {
        diagnostics.push(
          createDiagnostic("DuplicateUrl", `two outputs claim /${error.outputPath}`, {
            // Pages and feeds are written first: the second claim is the file copied from public/.
            ...(existsSync(path.join(root, "public", error.outputPath))
              ? { file: `public/${error.outputPath}`, line: 1, column: 1 }
              : {}),
            phase: "write",
            hint: "a file in public/ has the same path as a generated page; rename one",
          }),
        );
        return { ...fail(diagnostics, 1), site };
      }
      throw error;
    } finally {
      if (dryRun) await cache.dispose();
    }

    if (hasFailures(diagnostics, options.strict)) {
      await writer.abort();
      return { ...fail(diagnostics, 1), site };
    }
    phaseEnded();
    await time("write", async () => {
      await (options.commitGate ?? ((commit) => commit()))(() => writer.commit());
      // Like everything in the cache folder, written only by a successful build (not by a check).
      if (!dryRun) await sources.save();
      await cache.save({
        bodies: bodies.infos,
        pageKeys: pageCache?.keys() ?? new Map(),
        written: files,
        schedule: formatSchedule(site),
      });
    });
    return {
      exitCode: 0,
      diagnostics: diagnostics.sort(compareDiagnostics),
      outDir,
      timings,
      pages,
      files,
      nextChange: site.nextChange,
      scheduleFile: cache.scheduleFile,
      site,
    };
  } finally {
    // A build that did not succeed leaves the sources file as it was.
    sources.discard();
  }
}
