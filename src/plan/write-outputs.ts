import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import { type Diagnostic, hasFailures } from "../errors/diagnostic.js";
import { ImageRegistry, type SourceIdentity } from "../images/image-registry.js";
import { recoverBody } from "../markdown/render-bodies.js";
import { collectEvery, collectGarbage, largeSite } from "../memory/collect-garbage.js";
import { manifestPath } from "../outputs/manifest-file.js";
import { holdPagefind } from "../search/index-bucket.js";
import { bucketOfSubject, type SearchStats } from "../search/search-outputs.js";
import { claimPublicPaths } from "../shard/claim-public-paths.js";
import { checkUrlClashes } from "../site/check-url-clashes.js";
import type { TemplateEngine } from "../templates/create-template-engine.js";
import type { RenderContext } from "../templates/render-subject.js";
import { createTemplateHelpers } from "../templates/template-helpers.js";
import {
  createDryRunWriter,
  createOutputWriter,
  DuplicateOutputError,
  type OutputWriter,
  type PreviousOutputs,
} from "../write/output-writer.js";
import type { AppliedChanges } from "./apply-changes.js";
import type { BuildRun } from "./build-run.js";
import { claimCheck, duplicateOutput, OutputClashError } from "./claim-check.js";
import type { SourceChanges } from "./find-changes.js";
import { type FinishedOutputs, finishOutputs } from "./finish-outputs.js";
import type { OpenCache } from "./open-cache.js";
import type { BuildPlan } from "./plan-build.js";
import { produceOutputs } from "./produce-outputs.js";

/** The outputs a build wrote beside the output folder, ready to commit. */
export interface WrittenOutputs {
  readonly writer: OutputWriter;
  readonly finished: FinishedOutputs;
  /** What site search indexed (undefined with search off). */
  readonly search?: SearchStats | undefined;
  /** The identity of each image source the pages showed, as it was read (absolute paths). */
  readonly images: ReadonlyMap<string, SourceIdentity>;
}

/**
 * Renders what the plan names and writes it beside the output folder (nothing is in the output
 * folder before the commit), then finishes: removals, links, `_headers`, the manifest. After
 * content errors the pages still render, for their own problems, into no folder. Returns the
 * diagnostics that fail the build instead when two outputs claim one path.
 */
export async function writeOutputs(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  applied: AppliedChanges,
  plan: BuildPlan,
  engine: TemplateEngine,
): Promise<WrittenOutputs | { readonly failed: readonly Diagnostic[] }> {
  const { state } = cache;
  const { view } = applied.site;
  const contentFailed = hasFailures(run.diagnostics);
  const checking = run.dryRun || contentFailed;
  const writerOptions = {
    minify: run.minify,
    threads: run.options.threads,
    incremental: !plan.everything,
  };
  const writer: OutputWriter = checking
    ? createDryRunWriter(writerOptions)
    : await createOutputWriter(
        run.outDir,
        previousOutputs(state, cache.trusted),
        run.previousDir,
        writerOptions,
      );
  const context: RenderContext = {
    view,
    engine,
    bodies: {
      info: (key) => state.tables.bodies.get(key),
      store: cache.bodies,
      recover: (source) => recoverBody(source, run.markdown, cache.bodies),
    },
    images: new ImageRegistry({
      cacheDir: path.join(run.cacheDir, "images"),
      images: run.config.images,
      readOnly: checking,
    }),
    helpers: createTemplateHelpers(run.config, run.baseUrl, plan.assets.urls, plan.favicon),
    root: run.root,
    slugs: state.tables.storySlugs,
    report: (diagnostic) => run.diagnostics.push(diagnostic),
  };
  // A large build's phases each leave much garbage behind: collected every so many pages, and
  // the articles made for pages let go, so the peak stays near what the build holds.
  const large = plan.render.size >= largeSite;
  // The state's lines read for pages (the model's articles, lists, bodies) go back to their chunk
  // files every so many pages; the entries decoded from them stay, as pages ask for them again.
  let ticks = 0;
  const collect = collectEvery();
  const search: SearchStats | undefined = run.config.search.enabled
    ? { rebuiltBuckets: 0, reindexedEntries: 0, milliseconds: 0 }
    : undefined;
  try {
    // Pagefind's indexing service runs for the whole render when a search bucket is in the plan.
    const indexing = [...plan.render.values()].some(
      (subject) => bucketOfSubject(subject) !== undefined,
    );
    const produce = () =>
      produceOutputs(
        {
          context,
          state,
          writer,
          assets: plan.assets,
          root: run.root,
          // After content errors, the URL clash check has reported the paths that collide.
          skipClaimed: contentFailed,
          claim: contentFailed
            ? undefined
            : claimPublicPaths(run, changes, claimCheck(state, plan.stale, plan.everything)),
          recover: applied.records.recover,
          searchStats: search,
          tick: () => {
            if (!large) return;
            if (++ticks % largeSite === 0) state.release(cache.chunkFile, { keepDecoded: true });
            collect();
            view.releaseEvery(viewArticles);
          },
        },
        plan.render.values(),
      );
    const produced = await run.time("templates", () =>
      indexing ? holdPagefind(produce) : produce(),
    );
    // Every page is written: the writer's threads stop, and give their memory back, before the
    // records of every file are gathered for `_headers` and the manifest (written in this thread).
    await run.time("write", () => writer.finish());
    // The site-wide files may be patched from the last build's (no change to `public/`, the
    // config or the theme).
    const patchable =
      cache.trusted &&
      !plan.everything &&
      !run.shard &&
      changes.publicChanges.changed.length === 0 &&
      changes.publicChanges.removed.length === 0;
    const finished = await run.time("outputs", () =>
      finishOutputs({
        root: run.root,
        config: run.config,
        baseUrl: run.baseUrl,
        state,
        writer,
        produced,
        stale: plan.stale,
        subjects: new Set(plan.render.keys()),
        publicPaths: new Set(changes.publicPaths),
        headers:
          plan.everything ||
          changes.publicChanges.changed.includes("_headers") ||
          changes.publicChanges.removed.includes("_headers"),
        linkSources: applied.bodies.links,
        previousManifest: patchable ? path.join(run.previousDir, manifestPath) : undefined,
        previousHeaders: patchable ? path.join(run.previousDir, "_headers") : undefined,
        partial: run.shard?.planned,
        collect: large ? collectGarbage : undefined,
      }),
    );
    // Links to articles that failed validation would all look broken: not checked then.
    if (!contentFailed) run.diagnostics.push(...finished.diagnostics);
    return { writer, finished, search, images: context.images.identities() };
  } catch (error) {
    await writer.abort();
    if (error instanceof DuplicateOutputError)
      return { failed: [duplicateOutput(run.root, error)] };
    if (error instanceof OutputClashError)
      return { failed: [...checkUrlClashes(view, applied.records.get), error.diagnostic] };
    throw error;
  }
}

/**
 * How many full articles (records placed for pages, about 2 KB each) a large build keeps made at
 * most: enough for a listing's cards and an article's related stories to be made once, while
 * the pages that show them render.
 */
const viewArticles = 5_000;

/** What the last build wrote, as the writer compares new files with it. */
function previousOutputs(state: BuildState, trusted: boolean): PreviousOutputs {
  if (!trusted) return { get: () => undefined, keys: () => [] };
  const outputs = state.tables.outputs;
  return { get: (outputPath) => outputs.get(outputPath), keys: () => outputs.keys() };
}
