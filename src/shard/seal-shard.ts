import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { engineVersion } from "../cache/engine-version.js";
import { manifestPath } from "../outputs/manifest-file.js";
import type { BuildRun } from "../plan/build-run.js";
import type { SourceChanges } from "../plan/find-changes.js";
import type { OpenCache } from "../plan/open-cache.js";
import { writeShardManifest } from "./shard-manifest.js";

/**
 * Makes a shard's folder mergeable, as the last step of its build (after its files and its
 * build state are committed): writes `.newsdeck/shard.json` atomically, naming the plan and the
 * shard's deploy manifest by hash. A shard build that fails never gets here, and its folder,
 * whose manifest went when the build planned (see `narrow-plan.ts`), is refused by a merge.
 */
export function sealShard(run: BuildRun, cache: OpenCache, changes: SourceChanges): void {
  const shard = run.shard;
  const planned = shard?.planned;
  const files = cache.state.tables.outputs.get(manifestPath);
  if (!shard || !planned || !files) return;
  const siteHeaders = path.join(run.root, "public", "_headers");
  const { settings, sources, assignment } = planned.hash;
  writeShardManifest(run.outDir, {
    format: 1,
    engine: engineVersion,
    shard: { index: shard.spec.index, count: shard.spec.count },
    now: new Date(run.options.now).toISOString(),
    plan: planned.hash.plan,
    parts: { settings, sources, assignment },
    files: { sha256: files.hash, size: files.size },
    site: {
      baseUrl: run.baseUrl,
      headers: { headers: run.config.headers, embeds: run.config.embeds },
      publicPaths: [...changes.publicPaths],
      siteHeaders: existsSync(siteHeaders) ? readFileSync(siteHeaders, "utf8") : null,
    },
  });
}
