import sharp from "sharp";
import type { EncodeRequest, SourceInfo } from "./plan-variants.js";

/** One encoded file, held only until it is written to the cache. */
export interface EncodedImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Reads and encodes images. The build uses {@link createSharpProcessor}; tests may wrap it to
 * count the work done, or replace it.
 */
export interface ImageProcessor {
  /** Names the encoder build (sharp and libvips versions, platform): part of the cache key. */
  readonly id: string;
  /** Reads size and format from a file's header. Rejects when it is not a readable image. */
  inspect(bytes: Uint8Array): Promise<SourceInfo>;
  /** Orients (EXIF), resizes (never up), strips metadata and encodes. Rejects on corrupt data. */
  encode(bytes: Uint8Array, request: EncodeRequest): Promise<EncodedImage>;
  /** Decodes every pixel and encodes nothing: rejects on corrupt data, as `encode` would. */
  decode(bytes: Uint8Array): Promise<void>;
}

/**
 * The sharp processor. libvips runs one thread per encode (`sharp.concurrency(1)`) and the
 * build runs one encode per core instead (see `ImageRegistry`), for two reasons: the AVIF
 * encoder's bytes depend on its thread count (checked: 1 and 4 threads give different files,
 * each stable), so a fixed count keeps output identical across machines; and jobs times
 * threads stays at the core count. libvips' operation cache is off: every source is read once,
 * so the cache would only hold memory.
 */
export function createSharpProcessor(): ImageProcessor {
  sharp.concurrency(1);
  sharp.cache(false);
  return {
    // Encoders may take other code paths on another platform: a shared cache keeps them apart.
    id: `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${process.platform}-${process.arch}`,
    async inspect(bytes) {
      const metadata = await sharp(bytes).metadata();
      const oriented = (metadata.orientation ?? 1) >= 5;
      const format =
        metadata.format === "heif" && metadata.compression !== "av1"
          ? "heic"
          : (metadata.format ?? "unknown");
      return {
        width: (oriented ? metadata.height : metadata.width) ?? 0,
        height: (oriented ? metadata.width : metadata.height) ?? 0,
        format,
        hasAlpha: metadata.hasAlpha ?? false,
        animated: (metadata.pages ?? 1) > 1,
      };
    },
    async encode(bytes, request) {
      let pipeline = sharp(bytes, { autoOrient: true }).resize({
        width: request.width,
        withoutEnlargement: true,
      });
      if (request.flatten) pipeline = pipeline.flatten({ background: "#ffffff" });
      const { data, info } = await pipeline
        .toFormat(request.format, request.settings)
        .toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    },
    async decode(bytes) {
      // Statistics need every pixel, streamed through libvips: a full decode in little memory.
      await sharp(bytes).stats();
    },
  };
}
