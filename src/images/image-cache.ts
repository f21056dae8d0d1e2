import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { hashBytes } from "../cache/hash.js";
import type { EncodedFormat, SourceInfo } from "./plan-variants.js";

/**
 * Version of the processing code. Bump it whenever a change to `src/images/` changes the bytes
 * or the layout of what is cached; every existing entry then misses and is rebuilt.
 */
const imagePipelineVersion = 1;

/** One encoded file of a cache entry. */
export interface CachedVariant {
  /** File name inside the entry's folder. */
  readonly file: string;
  readonly format: EncodedFormat;
  readonly width: number;
  readonly height: number;
  readonly size: number;
  /** SHA-256 of the file, hex: verified on every read, and the start of its output name. */
  readonly sha256: string;
}

/** What a cache entry records about a source and the files made from it. */
export interface ImageManifest {
  readonly pipeline: number;
  readonly key: string;
  readonly source: SourceInfo;
  /** Empty for sources served as-is. */
  readonly variants: readonly CachedVariant[];
  /** File name of the `og:image` JPEG among `variants`. */
  readonly share?: string | undefined;
}

/** A verified cache entry: its folder and manifest. */
export interface CacheEntry {
  readonly dir: string;
  readonly manifest: ImageManifest;
}

/** What looking an entry up found. */
export type CacheLookup =
  | { readonly status: "hit"; readonly entry: CacheEntry }
  | { readonly status: "miss" | "corrupt" };

/** The cache key of a source under given processing options: a hash of both. */
export function imageCacheKey(sourceHash: string, options: unknown): string {
  return hashBytes(JSON.stringify({ pipeline: imagePipelineVersion, source: sourceHash, options }));
}

/**
 * The persistent image cache: one folder per key holding the encoded files and a
 * `manifest.json`, under `<root>/<build.cacheDir>/images/` (default `.newsdeck-cache/images/`).
 *
 * In CI, keep that folder between runs and only new or changed images are encoded; a restored
 * entry that does not match its manifest is rebuilt, so a stale or damaged cache costs time,
 * never correctness. With GitHub Actions:
 *
 * ```yaml
 * - uses: actions/cache@v4
 *   with:
 *     path: .newsdeck-cache/images
 *     key: newsdeck-images-${{ runner.os }}-${{ hashFiles('content/**', 'public/**') }}
 *     restore-keys: newsdeck-images-${{ runner.os }}-
 * ```
 *
 * Entries are never deleted by a build (an image removed from the content leaves its entry
 * behind); deleting the folder is always safe. Entries are written into a temporary folder and renamed into place, so a
 * crash never leaves a half-written entry under its key; and every read verifies each file's
 * size and SHA-256 against the manifest, so a damaged entry is found, and rebuilt, never served.
 */
export class ImageCache {
  readonly #dir: string;
  #temporaries = 0;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Looks an entry up and verifies it. A damaged entry is reported, and left as it is. */
  async read(key: string): Promise<CacheLookup> {
    const dir = path.join(this.#dir, key);
    let text: string;
    try {
      text = await readFile(path.join(dir, "manifest.json"), "utf8");
    } catch {
      return { status: "miss" };
    }
    const manifest = parseManifest(text, key);
    if (manifest && (await verifyFiles(dir, manifest))) {
      return { status: "hit", entry: { dir, manifest } };
    }
    return { status: "corrupt" };
  }

  /** Deletes an entry (a damaged one, before it is rebuilt). */
  async discard(key: string): Promise<void> {
    await rm(path.join(this.#dir, key), { recursive: true, force: true });
  }

  /**
   * Creates the entry for `key`: `fill` writes the files into the folder it is given and
   * returns the manifest, which is written last; the folder is then renamed into place.
   */
  async write(
    key: string,
    fill: (dir: string) => Promise<Omit<ImageManifest, "pipeline" | "key">>,
  ): Promise<CacheEntry> {
    const dir = path.join(this.#dir, key);
    const temporary = path.join(this.#dir, `.tmp-${key}-${process.pid}-${this.#temporaries++}`);
    await rm(temporary, { recursive: true, force: true });
    await mkdir(temporary, { recursive: true });
    try {
      const manifest: ImageManifest = {
        pipeline: imagePipelineVersion,
        key,
        ...(await fill(temporary)),
      };
      await writeFile(path.join(temporary, "manifest.json"), `${JSON.stringify(manifest)}\n`);
      try {
        await rename(temporary, dir);
      } catch {
        // Another build wrote the same key first: identical bytes, so either copy will do.
        // An unusable leftover folder under the key is replaced.
        const existing = await this.read(key);
        if (existing.status === "hit") return existing.entry;
        await this.discard(key);
        await rename(temporary, dir);
      }
      return { dir, manifest };
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  }
}

function parseManifest(text: string, key: string): ImageManifest | undefined {
  try {
    const value = JSON.parse(text) as ImageManifest;
    if (value.pipeline !== imagePipelineVersion || value.key !== key) return undefined;
    if (!Array.isArray(value.variants)) return undefined;
    const safeName = /^[a-z0-9.-]+$/;
    if (!value.variants.every((v) => typeof v.file === "string" && safeName.test(v.file)))
      return undefined;
    return value;
  } catch {
    return undefined;
  }
}

async function verifyFiles(dir: string, manifest: ImageManifest): Promise<boolean> {
  for (const variant of manifest.variants) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, variant.file));
    } catch {
      return false;
    }
    if (bytes.byteLength !== variant.size || hashBytes(bytes) !== variant.sha256) return false;
  }
  return true;
}
