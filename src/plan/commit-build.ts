import { statSync } from "node:fs";
import path from "node:path";
import type { BuildState, StateMeta } from "../cache/build-state.js";
import { formatSchedule, writeSchedule } from "../cache/schedule-file.js";
import { writeCachedConfig } from "../config/config-cache.js";
import { manifestPath } from "../outputs/manifest-file.js";
import type { AppliedChanges } from "./apply-changes.js";
import type { BuildRun } from "./build-run.js";
import type { SourceChanges } from "./find-changes.js";
import type { OpenCache } from "./open-cache.js";
import type { BuildPlan } from "./plan-build.js";
import { recordSources } from "./record-sources.js";
import type { WrittenOutputs } from "./write-outputs.js";

/**
 * Commits a build: the output folder first, then the state that describes it (and the records
 * and schedule beside it), then the bodies no source uses any more go. A build killed in between
 * leaves a state whose manifest no longer matches the output folder's: the next build renders
 * everything, so the output never mixes two builds unnoticed.
 */
export async function commitBuild(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  applied: AppliedChanges,
  plan: BuildPlan,
  written: WrittenOutputs,
  placement: string,
): Promise<void> {
  const { state } = cache;
  const { options } = run;
  const model = applied.site.view.model;
  model.flush();
  const gate = options.commitGate ?? ((commit: () => Promise<void>) => commit());
  await gate(() => written.writer.commit());
  recordSources(state, changes, run.root, written.images);
  const manifest = statSync(path.join(run.outDir, manifestPath), { throwIfNoEntry: false });
  const meta: StateMeta = {
    pages: pageCount(state, written, plan.everything),
    validation: cache.validation,
    placement,
    global: plan.global,
    now: options.now,
    savedAt: Date.now(),
    nextId: model.nextId,
    outDir: run.previousDir,
    root: run.root,
    manifest: manifest && {
      size: manifest.size,
      mtimeMs: manifest.mtimeMs,
      hash: state.tables.outputs.get(manifestPath)?.hash ?? "",
    },
  };
  state.meta = meta;
  cache.records.save();
  if (cache.file) {
    state.commit(state.write(cache.file, meta), cache.file);
    if (run.loaded.key) writeCachedConfig(run.cacheDir, run.loaded.key, run.config);
    if (!options.preview) {
      const schedule = formatSchedule(options.now, model.nextChange(), run.config.site.timezone);
      await writeSchedule(run.cacheDir, schedule);
    }
  }
  for (const key of applied.site.removedBodies) {
    state.tables.bodies.set(key, undefined);
    await cache.bodies.remove(key);
  }
}

/**
 * HTML files in the output now: the last build's count moved by the pages this one added and
 * removed, or counted from the outputs table after a build of everything (or without a count).
 */
export function pageCount(
  state: BuildState,
  written: Pick<WrittenOutputs, "finished">,
  everything: boolean,
): number {
  const before = state.meta?.pages;
  if (before === undefined || everything) {
    let pages = 0;
    for (const outputPath of state.tables.outputs.keys()) if (outputPath.endsWith(".html")) pages++;
    return pages;
  }
  const { added, removed } = written.finished;
  let pages = before;
  for (const outputPath of added) if (outputPath.endsWith(".html")) pages++;
  for (const outputPath of removed) if (outputPath.endsWith(".html")) pages--;
  return pages;
}
