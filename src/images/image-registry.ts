import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type Metadata } from "sharp";
import type { OutputFile } from "../outputs/output-file.js";
import { slugify } from "../site/slugify.js";

/** An image as pages reference it: where it is served and its intrinsic size. */
export interface PublishedImage {
  /** URL path of the fallback file, content-hashed. */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  /** MIME type of the fallback. */
  readonly type: string;
}

/** Problems reading an image, for a located diagnostic. */
export class ImageReadError extends Error {
  override readonly name = "ImageReadError";
}

const mimeTypes: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  svg: "image/svg+xml",
};

/**
 * Publishes local images referenced by included content: each file once, under
 * `/images/<name>-<hash>.<ext>`, its size read from the file header. Only images that an
 * included page asks for are ever published, so hidden articles leave no image behind.
 */
export class ImageRegistry {
  readonly #published = new Map<string, Promise<PublishedImage>>();
  readonly #outputs = new Map<string, OutputFile>();

  /** Publishes (once) and describes the image at `file`. Rejects with {@link ImageReadError}. */
  publish(file: string): Promise<PublishedImage> {
    let pending = this.#published.get(file);
    if (!pending) {
      pending = this.#publishFile(file);
      this.#published.set(file, pending);
    }
    return pending;
  }

  /** The files to write: every image published so far, in path order. */
  outputs(): OutputFile[] {
    return [...this.#outputs.values()].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }

  async #publishFile(file: string): Promise<PublishedImage> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw new ImageReadError("the image file does not exist or cannot be read");
    }
    let metadata: Metadata;
    try {
      metadata = await sharp(bytes).metadata();
    } catch (error) {
      throw new ImageReadError(
        `the file is not a readable image (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const format = metadata.format ?? "";
    const type = mimeTypes[format];
    if (!type || !metadata.width || !metadata.height) {
      throw new ImageReadError(`unsupported image format "${format || "unknown"}"`);
    }
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
    const ext = path.extname(file).toLowerCase() || `.${format}`;
    const name = slugify(path.basename(file, path.extname(file))) || "image";
    const outputPath = `images/${name}-${hash}${ext}`;
    this.#outputs.set(outputPath, { path: outputPath, copyFrom: file });
    const oriented = (metadata.orientation ?? 1) >= 5;
    return {
      url: `/${outputPath}`,
      width: oriented ? metadata.height : metadata.width,
      height: oriented ? metadata.width : metadata.height,
      type,
    };
  }
}
