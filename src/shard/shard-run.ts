import type { SiteView } from "../site/site-view.js";
import type { PlanHash } from "./plan-hash.js";
import type { ShardSpec } from "./shard-spec.js";

/**
 * One shard's part of one build (`newsdeck build --shard K/N`): which shard it is, and what its
 * phases hand on to later ones. Made with the build's settings; the primary assignment is filled
 * in once the site model is up to date (`select-bodies.ts`), the plan once it is made
 * (`narrow-plan.ts`), and the shard manifest is written from both after the commit
 * (`seal-shard.ts`).
 */
export interface ShardRun {
  readonly spec: ShardSpec;
  /** Every subject but images, by encoded subject, to its shard: made for this view. */
  primary?: { readonly view: SiteView; readonly owners: ReadonlyMap<string, number> } | undefined;
  /** The plan as the shard manifest and the link check need it. */
  planned?: ShardPlanned | undefined;
}

/** What planning a shard leaves for finishing and sealing it. */
export interface ShardPlanned {
  readonly hash: PlanHash;
  /** Whether this shard makes a subject (by encoded form). */
  owns(encoded: string): boolean;
  /** Whether an output path is made by some shard of the build (as far as it can be told). */
  exists(outputPath: string): boolean;
  /** Output paths of the whole site that came or went, or "all" when every link is checked. */
  readonly changed: readonly string[] | "all";
}

/** A shard's run, before any phase. */
export function startShardRun(spec: ShardSpec): ShardRun {
  return { spec };
}
