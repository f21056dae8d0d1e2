import path from "node:path";
import type { BuildResult } from "../build.js";
import { scheduleFileName } from "../cache/schedule-file.js";
import { compareDiagnostics } from "../errors/diagnostic.js";
import type { Site } from "../site/model.js";
import type { WrittenFile } from "../write/output-writer.js";
import type { AppliedChanges } from "./apply-changes.js";
import type { BuildRun } from "./build-run.js";
import { pageCount } from "./commit-build.js";
import type { SourceChanges } from "./find-changes.js";
import type { OpenCache } from "./open-cache.js";
import type { BuildPlan } from "./plan-build.js";
import type { WrittenOutputs } from "./write-outputs.js";

/**
 * The result of a successful build or check: counts and changes from this build, and the whole
 * output (`files`) and site (`site`) made from the state only when a caller asks for them.
 */
export function buildResult(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  applied: AppliedChanges,
  plan: BuildPlan,
  written: WrittenOutputs,
): BuildResult {
  const outputs = cache.state.tables.outputs;
  // Committed, the state's header has the count; a check counts from the last build's.
  const pages =
    (!run.dryRun && cache.state.meta?.pages) || pageCount(cache.state, written, plan.everything);
  let files: ReadonlyMap<string, WrittenFile> | undefined;
  let site: Site | undefined;
  const { finished } = written;
  const view = applied.site.view;
  const schedule = cache.file && !run.options.preview && !run.dryRun;
  return {
    exitCode: 0,
    diagnostics: run.diagnostics.sort(compareDiagnostics),
    outDir: run.outDir,
    timings: run.timings,
    pages,
    rendered: finished.changed.size,
    search: written.search && { ...written.search, pendingBuckets: plan.searchPending },
    sources: sourcesRead(changes),
    fileCount: outputs.size,
    get files() {
      files ??= new Map(
        [...outputs.entries()].map(([file, record]) => [
          file,
          { hash: record.hash, size: record.size },
        ]),
      );
      return files;
    },
    changes: {
      changed: finished.changed,
      added: finished.added,
      removed: finished.removed,
      replaced: plan.everything,
    },
    nextChange: view.model.nextChange(),
    scheduleFile: schedule ? path.join(run.cacheDir, scheduleFileName) : undefined,
    config: run.config,
    get site() {
      site ??= view.snapshot();
      return site;
    },
  };
}

/** How many content files a build read, of those it looked at. */
function sourcesRead(changes: SourceChanges): { read: number; total: number } {
  const { articles, authors, pages } = changes.content;
  const files = [...articles.files, ...authors.files, ...pages.files];
  return { read: files.filter((file) => file.read).length, total: files.length };
}
