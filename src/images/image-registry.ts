import { lstat, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import pLimit, { type LimitFunction } from "p-limit";
import { contentId, isRacy, statSignature } from "../cache/content-id.js";
import { hashBytes } from "../cache/hash.js";
import { slugify } from "../site/slugify.js";
import type { OutputFile } from "../write/output-file.js";
import { type CachedVariant, type CacheEntry, ImageCache, imageCacheKey } from "./image-cache.js";
import {
  type EncodedFormat,
  encoderSettings,
  type ImageOptions,
  isServedAsIs,
  planVariants,
  planWidths,
  type SourceInfo,
  shareWidth,
} from "./plan-variants.js";
import { createSharpProcessor, type ImageProcessor } from "./sharp-processor.js";

/** One `<source>` of a `<picture>`: a modern format's candidates. */
export interface ImageSource {
  /** MIME type, for `type`. */
  readonly type: string;
  /** `url 480w, url 800w, ...`, ascending. */
  readonly srcset: string;
}

/** A single published file: its URL and pixel size. */
export interface ImageFile {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  /** MIME type. */
  readonly type: string;
}

/** An image as pages reference it: every published file and the source's displayed size. */
export interface PublishedImage {
  /** URL of the fallback `<img src>`: the fallback format at 800 px or more when there is one. */
  readonly url: string;
  /** Displayed size of the source (after EXIF orientation): `width`/`height` of the `<img>`. */
  readonly width: number;
  readonly height: number;
  /** MIME type of the fallback. */
  readonly type: string;
  /** Modern formats, in the config's order of preference. Empty for files served as-is. */
  readonly sources: readonly ImageSource[];
  /** Candidates of the fallback format (JPEG or PNG); undefined for files served as-is. */
  readonly srcset?: string | undefined;
  /** The `og:image`: a JPEG at most 1200 px wide (for GIF and SVG, the file itself). */
  readonly share: ImageFile;
}

/** Problems reading an image, for a located diagnostic. */
export class ImageReadError extends Error {
  override readonly name = "ImageReadError";
  /** The diagnostic to report: the file is missing, or it is not an image Newsdeck can read. */
  readonly code: "ImageNotFound" | "ImageInvalid";

  constructor(message: string, code: ImageReadError["code"] = "ImageInvalid") {
    super(message);
    this.code = code;
  }
}

/** What a build records of an image source: see `ImageRegistry.identities`. */
export interface SourceIdentity {
  readonly id: string;
  readonly sig: string;
}

/** How to process images. */
export interface ImageRegistryOptions {
  /**
   * Folder of the persistent cache, `<root>/<build.cacheDir>/images/` (by default
   * `.newsdeck-cache/images/`). Keep it between CI runs (for example with `actions/cache`, key
   * on the hash of your images) and a build only encodes images that are new or changed.
   */
  readonly cacheDir: string;
  /** The `images` options of the config. */
  readonly images: ImageOptions;
  /** How many images are processed at once; default the core count. */
  readonly jobs?: number | undefined;
  /** The encoder; default sharp. */
  readonly processor?: ImageProcessor | undefined;
  /**
   * Validate only, for `newsdeck check`: every image is still read and fully decoded, so a
   * corrupt file fails the check as it would fail the build, but nothing is encoded and
   * nothing is written, not even to the cache. Pages get the names of the cached files when
   * there are some, else names the build would not use; {@link ImageRegistry.outputs} is empty.
   */
  readonly readOnly?: boolean | undefined;
}

/** What image work a build did. */
export interface ImageStats {
  /** Distinct source files published. */
  readonly sources: number;
  /** Sources whose files came from the cache. */
  readonly cached: number;
  /** Files encoded (a fully warm build encodes none). */
  readonly encoded: number;
  /** Cache entries found damaged, deleted and rebuilt. */
  readonly repaired: number;
}

const mimeTypes: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  svg: "image/svg+xml",
};

const extensions: Record<EncodedFormat, string> = {
  avif: "avif",
  webp: "webp",
  jpeg: "jpg",
  png: "png",
};

/** Source formats the build publishes (as sharp names them; AVIF is `heif`). */
export const supportedImageFormats: ReadonlySet<string> = new Set([
  "jpeg",
  "png",
  "webp",
  "heif",
  "gif",
  "svg",
]);

/**
 * Publishes the local images that included pages reference: each source once, resized into
 * the configured widths (never up) in AVIF, WebP and a JPEG or PNG fallback, auto-oriented and
 * stripped of metadata, under content-hashed names `/images/<name>-<width>-<hash>.<ext>`.
 * Images are published on first reference, so hidden articles leave no image behind.
 *
 * Encoded files live in a persistent cache (see {@link ImageRegistryOptions.cacheDir}) keyed by
 * the source's bytes and every processing option; the output folder gets copies from there, so
 * memory holds no encoded image longer than it takes to write it. At most `jobs` sources are
 * processed at once.
 */
export class ImageRegistry {
  readonly #published = new Map<string, Promise<PublishedImage>>();
  readonly #outputs = new Map<string, OutputFile>();
  /** The files each source became, by source path. */
  readonly #bySource = new Map<string, OutputFile[]>();
  /** The identity of the bytes each source was read with, by source path. */
  readonly #identities = new Map<string, SourceIdentity>();
  readonly #cache: ImageCache;
  readonly #options: ImageOptions;
  readonly #limit: LimitFunction;
  readonly #processor: ImageProcessor;
  readonly #key: (sourceHash: string) => string;
  readonly #readOnly: boolean;
  #stats = { sources: 0, cached: 0, encoded: 0, repaired: 0 };

  constructor(options: ImageRegistryOptions) {
    const jobs = Math.max(1, options.jobs ?? availableParallelism());
    this.#cache = new ImageCache(options.cacheDir);
    this.#options = { ...options.images, formats: [...new Set(options.images.formats)] };
    this.#limit = pLimit(jobs);
    this.#processor = options.processor ?? createSharpProcessor();
    this.#readOnly = options.readOnly ?? false;
    const { widths, formats, quality } = this.#options;
    const settings = Object.fromEntries(
      (["avif", "webp", "jpeg", "png"] as const).map((f) => [f, encoderSettings(f, quality)]),
    );
    const processing = {
      processor: this.#processor.id,
      widths,
      formats,
      quality,
      settings,
      shareWidth,
    };
    this.#key = (sourceHash) => imageCacheKey(sourceHash, processing);
  }

  /** Publishes (once) and describes the image at `file`. Rejects with {@link ImageReadError}. */
  publish(file: string): Promise<PublishedImage> {
    let pending = this.#published.get(file);
    if (!pending) {
      pending = this.#limit(() => this.#publishFile(file));
      this.#published.set(file, pending);
    }
    return pending;
  }

  /**
   * Starts publishing images that pages will ask for, so that they are processed in parallel
   * while pages render. Failures surface when a page publishes the same file.
   */
  prefetch(files: Iterable<string>): void {
    for (const file of files) this.publish(file).catch(() => {});
  }

  /** The files to write: every image published so far, in path order (none when read-only). */
  outputs(): OutputFile[] {
    return [...this.#outputs.values()].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }

  /** The files one published source became (none when read-only or not published). */
  outputsOf(file: string): OutputFile[] {
    return [...(this.#bySource.get(file) ?? [])];
  }

  /** Every source published so far. */
  sources(): string[] {
    return [...this.#bySource.keys()];
  }

  /**
   * The identity of each source as it was read (its content id, and its signature when the file
   * was not changing at that moment): a build records it, so the next build knows whether the
   * image changed under the pages that show it without reading it again.
   */
  identities(): ReadonlyMap<string, SourceIdentity> {
    return this.#identities;
  }

  /** What image work was done so far. */
  stats(): ImageStats {
    return { ...this.#stats };
  }

  async #publishFile(file: string): Promise<PublishedImage> {
    let bytes: Buffer;
    try {
      // Metadata before bytes: a file that changes in between has a signature that the next
      // build finds different, so it is read again.
      const before = await lstat(file);
      bytes = await readFile(file);
      const sig = isRacy(before, Date.now()) ? "" : statSignature(before);
      this.#identities.set(file, { id: contentId(bytes), sig });
    } catch {
      throw new ImageReadError("the image file does not exist or cannot be read", "ImageNotFound");
    }
    const sourceHash = hashBytes(bytes);
    const key = this.#key(sourceHash);
    const lookup = await this.#cache.read(key);
    let entry: CacheEntry;
    if (lookup.status === "hit") {
      entry = lookup.entry;
      this.#stats.cached++;
    } else if (this.#readOnly) {
      entry = await this.#validate(bytes, sourceHash);
    } else {
      if (lookup.status === "corrupt") {
        this.#stats.repaired++;
        await this.#cache.discard(key);
      }
      entry = await this.#process(bytes, key);
    }
    this.#stats.sources++;
    return this.#describe(file, sourceHash, entry);
  }

  async #inspect(bytes: Buffer): Promise<SourceInfo> {
    let source: SourceInfo;
    try {
      source = await this.#processor.inspect(bytes);
    } catch (error) {
      throw new ImageReadError(`the file is not a readable image (${reason(error)})`);
    }
    if (!supportedImageFormats.has(source.format) || source.width < 1 || source.height < 1) {
      throw new ImageReadError(`unsupported image format "${source.format}"`);
    }
    return source;
  }

  /** Read-only mode: checks the image as processing would, and describes what it would make. */
  async #validate(bytes: Buffer, sourceHash: string): Promise<CacheEntry> {
    const source = await this.#inspect(bytes);
    const plan = planVariants(source, this.#options);
    if (!plan.asIs) {
      try {
        await this.#processor.decode(bytes);
      } catch (error) {
        throw new ImageReadError(`the file is not a readable image (${reason(error)})`);
      }
    }
    const variants = plan.requests.map(
      (request): CachedVariant => ({
        file: `${request.width}.${extensions[request.format]}`,
        format: request.format,
        width: request.width,
        height: Math.round((request.width * source.height) / source.width),
        size: 0,
        sha256: sourceHash,
      }),
    );
    const share = plan.share && `${plan.share.width}.${extensions[plan.share.format]}`;
    return { dir: "", manifest: { pipeline: 0, key: "", source, variants, share } };
  }

  async #process(bytes: Buffer, key: string): Promise<CacheEntry> {
    const source = await this.#inspect(bytes);
    const plan = planVariants(source, this.#options);
    return this.#cache.write(key, async (dir) => {
      const variants: CachedVariant[] = [];
      for (const request of plan.requests) {
        let encoded: Awaited<ReturnType<ImageProcessor["encode"]>>;
        try {
          encoded = await this.#processor.encode(bytes, request);
        } catch (error) {
          throw new ImageReadError(`the file is not a readable image (${reason(error)})`);
        }
        this.#stats.encoded++;
        const name = `${request.width}.${extensions[request.format]}`;
        await writeFile(path.join(dir, name), encoded.data);
        variants.push({
          file: name,
          format: request.format,
          width: encoded.width,
          height: encoded.height,
          size: encoded.data.byteLength,
          sha256: hashBytes(encoded.data),
        });
      }
      const share = plan.share && `${plan.share.width}.${extensions[plan.share.format]}`;
      return { source, variants, share };
    });
  }

  #describe(file: string, sourceHash: string, entry: CacheEntry): PublishedImage {
    const { manifest } = entry;
    const { source } = manifest;
    const name = slugify(path.basename(file, path.extname(file))) || "image";
    const emitted: OutputFile[] = [];
    this.#bySource.set(file, emitted);
    const emit = (output: OutputFile) => {
      if (this.#readOnly) return;
      this.#outputs.set(output.path, output);
      if (!emitted.some((known) => known.path === output.path)) emitted.push(output);
    };
    if (isServedAsIs(source) || manifest.variants.length === 0) {
      const outputPath = `images/${name}-${sourceHash.slice(0, 10)}${path.extname(file).toLowerCase()}`;
      emit({ path: outputPath, copyFrom: file });
      const self = {
        url: `/${outputPath}`,
        width: source.width,
        height: source.height,
        type: mimeTypes[source.format] ?? "application/octet-stream",
      };
      return { ...self, sources: [], share: self };
    }
    const publishVariant = (variant: CachedVariant): ImageFile => {
      const outputPath = `images/${name}-${variant.width}-${variant.sha256.slice(0, 10)}.${extensions[variant.format]}`;
      emit({ path: outputPath, copyFrom: path.join(entry.dir, variant.file) });
      return {
        url: `/${outputPath}`,
        width: variant.width,
        height: variant.height,
        type: mimeTypes[variant.format] ?? "application/octet-stream",
      };
    };
    const widths = new Set(planWidths(source.width, this.#options.widths));
    const candidates = (format: EncodedFormat) =>
      manifest.variants
        .filter((v) => v.format === format && widths.has(v.width))
        .sort((a, b) => a.width - b.width)
        .map(publishVariant);
    const srcset = (files: readonly ImageFile[]) =>
      files.map((f) => `${f.url} ${f.width}w`).join(", ");
    const fallback = candidates(planVariants(source, this.#options).fallback ?? "jpeg");
    const shareVariant = manifest.variants.find((v) => v.file === manifest.share);
    const src = fallback.find((f) => f.width >= 800) ?? fallback.at(-1);
    if (!src || !shareVariant) throw new ImageReadError("the image cache entry is incomplete");
    return {
      url: src.url,
      width: source.width,
      height: source.height,
      type: src.type,
      sources: this.#options.formats.map((format) => ({
        type: mimeTypes[format] ?? format,
        srcset: srcset(candidates(format)),
      })),
      srcset: srcset(fallback),
      share: publishVariant(shareVariant),
    };
  }
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split("\n")[0] ?? "";
}
