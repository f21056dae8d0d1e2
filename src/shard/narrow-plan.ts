import { firstField } from "../cache/tsv.js";
import type { AppliedChanges } from "../plan/apply-changes.js";
import type { BuildRun } from "../plan/build-run.js";
import type { SourceChanges } from "../plan/find-changes.js";
import type { OpenCache } from "../plan/open-cache.js";
import type { BuildPlan } from "../plan/plan-build.js";
import type { Subject } from "../plan/subject.js";
import { assignImages } from "./assign-images.js";
import { hashKey32 } from "./assign-subjects.js";
import { mergedSubjects } from "./merged-subjects.js";
import { hashPlan } from "./plan-hash.js";
import { predictedPaths } from "./predicted-paths.js";
import { removeShardManifest } from "./shard-manifest-file.js";
import { assignPrimary, siteSubjects } from "./site-subjects.js";
import { subjectOfLine } from "./subjects-with-outputs.js";

/**
 * A shard's plan: of what the build plans (every subject, or what the changes reach), only the
 * subjects this shard owns, plus those that moved to it since its last build; stale, besides
 * what the build found, every file of a subject that moved away. Makes the whole site's
 * assignment (images follow the page that shows them first, see `assign-images.ts`) and the
 * plan's digest, and keeps both on `run.shard` for finishing and sealing. Without `--shard`,
 * the plan as it is.
 *
 * From here the shard's folder is no longer a finished shard: its manifest goes, and comes back
 * only once this build has committed (see `seal-shard.ts`).
 */
export function narrowToShard(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  applied: AppliedChanges,
  plan: BuildPlan,
): BuildPlan {
  const shard = run.shard;
  if (!shard) return plan;
  if (!run.dryRun) removeShardManifest(run.outDir);
  const { state } = cache;
  const { view } = applied.site;
  const { index, count } = shard.spec;
  const input = { root: run.root, view, state, changes };
  const site = siteSubjects(input, state.tables.imageUsers.keys());
  const primary =
    shard.primary?.view === view ? shard.primary.owners : assignPrimary(input, site, count);
  const owners = new Map([...primary, ...assignImages(state, site, primary, count)]);
  // The merge's subjects are no shard's (0); one the whole plan lacks goes by a hash of its name.
  const ownerOf = (encoded: string) =>
    mergedSubjects.has(encoded) ? 0 : (owners.get(encoded) ?? (hashKey32(encoded) % count) + 1);

  const render = new Map<string, Subject>();
  for (const [encoded, subject] of plan.render)
    if (ownerOf(encoded) === index) render.set(encoded, subject);
  const stale = new Set(plan.stale);
  const made = new Set<string>();
  for (const line of state.tables.outputs.lines()) {
    const subject = subjectOfLine(line);
    made.add(subject);
    if (subject !== "headers" && subject !== "manifest" && ownerOf(subject) !== index)
      stale.add(firstField(line));
  }
  for (const [encoded, subject] of site.subjects)
    if (owners.get(encoded) === index && !made.has(encoded)) render.set(encoded, subject);

  const assetPaths = plan.assets.files.map((file) => file.path);
  let everyPath: Set<string> | undefined;
  const changed = plan.everything
    ? ("all" as const)
    : [
        ...plan.stale,
        ...[...plan.render.values()].flatMap((s) => predictedPaths(view, s, assetPaths)),
      ];
  shard.planned = {
    hash: hashPlan({
      root: run.root,
      now: run.options.now,
      global: plan.global,
      state,
      changes,
      site,
      owners,
      count,
    }),
    owns: (encoded) => ownerOf(encoded) === index,
    exists(outputPath) {
      everyPath ??= new Set(
        [...site.subjects.values()].flatMap((s) => predictedPaths(view, s, assetPaths)),
      );
      return everyPath.has(outputPath);
    },
    changed,
  };
  return { ...plan, render, stale };
}
