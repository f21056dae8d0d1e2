/** Which part of a sharded build one run makes: shard `index` of `count`, counted from 1. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Where a shard is built without `--out`, under the site root: `dist-shards/2-of-4/`. */
export const shardsFolder = "dist-shards";

/** The most shards one build may be split into: more than any CI matrix runs at once. */
const maxShards = 256;

/**
 * Reads `--shard K/N` (`2/4`): 1 <= K <= N <= {@link maxShards}. Gives the problem, as a sentence
 * with a hint, for anything else.
 */
export function parseShardSpec(text: string): ShardSpec | { readonly error: string } {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > maxShards) {
    return {
      error: `--shard "${text}" is not a shard of a build (hint: --shard K/N with 1 <= K <= N <= ${maxShards}, for example --shard 2/4)`,
    };
  }
  return { index, count };
}

/** `2/4`, as messages name a shard. */
export function shardLabel(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}

/** `2-of-4`, as folder names name a shard (its default output and its build cache). */
export function shardFolderName(spec: ShardSpec): string {
  return `${spec.index}-of-${spec.count}`;
}

/** The folder inside the build cache that keeps a shard's own cache: `shard-2-of-4`. */
export function shardCacheFolder(spec: ShardSpec): string {
  return `shard-${shardFolderName(spec)}`;
}
