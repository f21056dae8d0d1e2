import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { engineVersion } from "../cache/engine-version.js";
import { manifestPath } from "../outputs/manifest-file.js";
import type { BuildRun } from "../plan/build-run.js";
import type { SourceChanges } from "../plan/find-changes.js";
import type { OpenCache } from "../plan/open-cache.js";
import { encodeSubject } from "../plan/subject.js";
import { type BucketInfo, searchBucketSubject } from "../search/search-outputs.js";
import { writeShardManifest } from "./shard-manifest-file.js";
import type { ShardPlanned } from "./shard-run.js";

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
      config: JSON.parse(JSON.stringify(run.config)) as Record<string, unknown>,
      publicPaths: [...changes.publicPaths],
      siteHeaders: existsSync(siteHeaders) ? readFileSync(siteHeaders, "utf8") : null,
    },
    search: run.config.search.enabled ? ownBuckets(cache, planned) : null,
  });
}

/** The search buckets the shard makes, from its state (which may hold others it made before). */
function ownBuckets(cache: OpenCache, planned: ShardPlanned): Record<string, BucketInfo> {
  const buckets: Record<string, BucketInfo> = {};
  for (const [name, info] of cache.state.tables.searchBuckets.entries())
    if (planned.owns(encodeSubject(searchBucketSubject(name)))) buckets[name] = info;
  return buckets;
}
