import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Sharp from "sharp";
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
 *
 * sharp (and libvips with it) loads when the first image is read, not before: a build whose
 * images are all in the cache never loads it. Its id is read from the packages' manifests.
 */
export function createSharpProcessor(): ImageProcessor {
  return {
    // Encoders may take other code paths on another platform: a shared cache keeps them apart.
    id: processorId(),
    async inspect(bytes) {
      const metadata = await (await loadSharp())(bytes).metadata();
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
      let pipeline = (await loadSharp())(bytes, { autoOrient: true }).resize({
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
      await (await loadSharp())(bytes).stats();
    },
  };
}

const require = createRequire(import.meta.url);
let sharp: Promise<typeof Sharp> | undefined;

/** sharp, loaded and set up on first use. */
function loadSharp(): Promise<typeof Sharp> {
  sharp ??= import("sharp").then(({ default: loaded }) => {
    loaded.concurrency(1);
    loaded.cache(false);
    return loaded;
  });
  return sharp;
}

/**
 * Names the encoder build: sharp's version and libvips', with the platform. Both are read from
 * the packages' files (sharp's manifest, the prebuilt libvips package's `versions.json`), so
 * naming the processor does not load it; a sharp built against the system's libvips has no such
 * package, and is then loaded to ask libvips itself.
 */
function processorId(): string {
  const platform = `${process.platform}-${process.arch}`;
  const read = readVersions(platform);
  const versions = read ?? (require("sharp") as typeof Sharp).versions;
  return `sharp ${versions.sharp}, libvips ${versions.vips}, ${platform}`;
}

function readVersions(platform: string): { sharp: string; vips: string } | undefined {
  try {
    const sharpDir = path.dirname(require.resolve("sharp"));
    const manifest = JSON.parse(
      readFileSync(path.join(sharpDir, "..", "package.json"), "utf8"),
    ) as { name?: string; version?: string };
    const libvips = require(
      require.resolve(`@img/sharp-libvips-${platform}/versions`, { paths: [sharpDir] }),
    ) as { vips?: string };
    if (manifest.name !== "sharp" || !manifest.version || !libvips.vips) return undefined;
    return { sharp: manifest.version, vips: libvips.vips };
  } catch {
    return undefined;
  }
}
