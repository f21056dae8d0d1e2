import { z } from "zod";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lowercase hex");

const shardManifestSchema = z.object({
  format: z.literal(1),
  engine: z.string(),
  shard: z.object({ index: z.int().min(1), count: z.int().min(1) }),
  /** The build time every shard of the build was given (`--now`), ISO 8601. */
  now: z.string(),
  plan: hex64,
  parts: z.object({ settings: hex64, sources: hex64, assignment: hex64 }),
  /** The shard's deploy manifest (`.newsdeck/manifest.json`): its files, hashes and sizes. */
  files: z.object({ sha256: hex64, size: z.int().min(0) }),
  /** What the merge needs to write `_headers` and the deploy manifest of the whole site. */
  site: z.object({
    baseUrl: z.string(),
    /**
     * The resolved config (the same in every shard of the plan): `_headers` and the manifest's
     * Cache-Control values are made from it as a one-machine build makes them.
     */
    config: z.record(z.string(), z.unknown()),
    publicPaths: z.array(z.string()),
    /** The site's own `public/_headers`, appended to the generated rules. */
    siteHeaders: z.string().nullable(),
  }),
  /**
   * The site search buckets this shard indexed, by name, as the bucket list names them (null
   * with search off): the merge writes the list of all of them.
   */
  search: z.record(z.string(), z.object({ pages: z.int().min(0), tag: z.string() })).nullable(),
});

/**
 * `.newsdeck/shard.json`: what makes a shard's folder mergeable. It names the engine, the shard
 * (K of N), the build time and the plan's digest (see `plan-hash.ts`), points at the shard's
 * deploy manifest by hash, and carries what the whole site's `_headers` and manifest need. It is
 * written last, atomically, after the shard's files and build state: a folder without it is a
 * shard whose build failed or did not finish, which a merge refuses.
 */
export type ShardManifest = z.output<typeof shardManifestSchema>;

/**
 * Parses a shard manifest; throws an error saying what is wrong. Only a merge reads manifests, so
 * only a merge loads the schema (zod); a shard's build writes one with `shard-manifest-file.ts`.
 */
export function parseShardManifest(text: string): ShardManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = shardManifestSchema.safeParse(data);
  if (!result.success)
    throw new Error(`it is not a Newsdeck shard manifest (${firstIssue(result.error)})`);
  return result.data;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "the file"}: ${issue.message}` : "unknown problem";
}
