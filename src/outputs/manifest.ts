import { z } from "zod";
import { type CachePolicy, isServed, servedUrl } from "./headers.js";

const manifestSchema = z.object({
  version: z.literal(1),
  baseUrl: z.string(),
  cacheControl: z.object({ immutable: z.string(), revalidate: z.string() }),
  files: z.record(
    z.string(),
    z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lowercase hex"),
      size: z.int().min(0),
      cache: z.enum(["immutable", "revalidate"]),
    }),
  ),
});

/**
 * `.newsdeck/manifest.json`: what a deploy consists of. Every output path but the manifest,
 * sorted, with the SHA-256 and size of its bytes and how it may be cached; the site's base URL
 * and the Cache-Control value of each policy, so a deploy script needs nothing else to upload
 * and purge. Written last, from what the writer wrote; no time or random id in it.
 */
export type DeployManifest = z.output<typeof manifestSchema>;

/** One file of a deploy manifest. */
export type ManifestEntry = DeployManifest["files"][string];

/** A manifest file that cannot be read as one. */
export class ManifestInvalidError extends Error {
  override readonly name = "ManifestInvalidError";
}

/** Parses and checks a manifest; throws {@link ManifestInvalidError} saying what is wrong. */
export function parseManifest(text: string): DeployManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ManifestInvalidError(
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const result = manifestSchema.safeParse(data);
  if (!result.success) {
    throw new ManifestInvalidError(
      `not a Newsdeck deploy manifest:\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

/** A path that differs between two deploys. */
export interface ManifestChange {
  readonly path: string;
  /** The URL path readers request (`/politics/` for `politics/index.html`). */
  readonly url: string;
  /** How it may be cached: upload `immutable` files first, so no page goes live before them. */
  readonly cache: CachePolicy;
  /** The Cache-Control to upload it with; absent for removed paths. */
  readonly cacheControl?: string | undefined;
}

/** What changed between the deployed manifest and a new one. */
export interface ManifestDiff {
  readonly added: readonly ManifestChange[];
  /** Different bytes, or a different Cache-Control (both need an upload). */
  readonly changed: readonly ManifestChange[];
  readonly removed: readonly ManifestChange[];
  /**
   * Absolute URLs a CDN should drop: every changed or removed served file, and added files with
   * stable names (a CDN may hold a cached 404 for an embargoed URL someone tried early).
   * Added content-hashed files are new URLs and need no purge.
   */
  readonly purge: readonly string[];
  /** `_headers` or `_redirects` changed: their rules apply to every URL, so purge everything. */
  readonly purgeAll: boolean;
}

/** Compares the manifest of what is deployed with the manifest of a new build. */
export function diffManifests(old: DeployManifest, next: DeployManifest): ManifestDiff {
  const change = (manifest: DeployManifest, outputPath: string, withCache: boolean) => {
    const entry = manifest.files[outputPath] as ManifestEntry;
    return {
      path: outputPath,
      url: servedUrl(outputPath),
      cache: entry.cache,
      ...(withCache ? { cacheControl: manifest.cacheControl[entry.cache] } : {}),
    };
  };
  const added: ManifestChange[] = [];
  const changed: ManifestChange[] = [];
  const removed: ManifestChange[] = [];
  for (const outputPath of Object.keys(next.files).sort(compare)) {
    const before = old.files[outputPath];
    const after = next.files[outputPath] as ManifestEntry;
    if (!before) added.push(change(next, outputPath, true));
    else if (
      before.sha256 !== after.sha256 ||
      old.cacheControl[before.cache] !== next.cacheControl[after.cache]
    ) {
      changed.push(change(next, outputPath, true));
    }
  }
  for (const outputPath of Object.keys(old.files).sort(compare)) {
    if (!(outputPath in next.files)) removed.push(change(old, outputPath, false));
  }

  const purged = new Set<string>();
  for (const item of [...changed, ...removed]) {
    if (isServed(item.path)) purged.add(item.url);
  }
  for (const item of added) {
    const entry = next.files[item.path] as ManifestEntry;
    if (isServed(item.path) && entry.cache === "revalidate") purged.add(item.url);
  }
  const hostRules = [...added, ...changed, ...removed].some(
    (item) => item.path === "_headers" || item.path === "_redirects",
  );
  return {
    added,
    changed,
    removed,
    purge: [...purged].sort(compare).map((url) => `${next.baseUrl}${url}`),
    purgeAll: hostRules,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
