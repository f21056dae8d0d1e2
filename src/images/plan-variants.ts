/** The formats Newsdeck encodes: the modern ones from config, and the fallbacks. */
export type EncodedFormat = "avif" | "webp" | "jpeg" | "png";

/** The image options of the config (`images` in `newsdeck.config.ts`). */
export interface ImageOptions {
  /** Candidate widths in CSS pixels of the `srcset`s. */
  readonly widths: readonly number[];
  /** Modern formats, in order of preference: one `<source>` each. */
  readonly formats: readonly ("avif" | "webp")[];
  /** Encoder quality on the JPEG/WebP scale, 1 to 100. */
  readonly quality: number;
}

/** What an inspected source is: its displayed size (after EXIF orientation) and format. */
export interface SourceInfo {
  readonly width: number;
  readonly height: number;
  /** As sharp names it: `jpeg`, `png`, `webp`, `heif`, `gif`, `svg`, ... */
  readonly format: string;
  readonly hasAlpha: boolean;
  /** More than one frame (an animated GIF or WebP). */
  readonly animated: boolean;
}

/** One file to encode from a source. */
export interface EncodeRequest {
  readonly width: number;
  readonly format: EncodedFormat;
  /** Encoder settings, passed to sharp as they are (part of the cache key). */
  readonly settings: Readonly<Record<string, number | boolean | string>>;
  /** Flatten transparency onto white first (JPEG has no alpha channel). */
  readonly flatten: boolean;
}

/** How the variants of one source are laid out. */
export interface VariantPlan {
  /** Source served as-is (GIF, SVG, animated images): no variants. */
  readonly asIs: boolean;
  /** The format every browser shows, for `<img src srcset>`. */
  readonly fallback?: "jpeg" | "png" | undefined;
  readonly requests: readonly EncodeRequest[];
  /** The request that doubles as the `og:image` JPEG. */
  readonly share?: EncodeRequest | undefined;
}

/** Width of the `og:image` JPEG (the size social networks recommend), never upscaled. */
export const shareWidth = 1200;

/**
 * Encoder settings that are not in the config. AVIF's quality scale runs higher than JPEG's and
 * WebP's for the same look: sharp's own defaults are 80 for JPEG and WebP and 50 for AVIF, so
 * AVIF gets the configured quality times 50/80. AVIF effort 1 (of 0-9): on the sample photos
 * it was 1.5-3x faster than effort 2 for files within a few percent of the same size, and
 * 10-20% smaller than effort 0. Changing any of these changes the cache key.
 */
export function encoderSettings(
  format: EncodedFormat,
  quality: number,
): Readonly<Record<string, number | boolean | string>> {
  switch (format) {
    case "avif":
      return { quality: Math.max(1, Math.round((quality * 50) / 80)), effort: 1 };
    case "webp":
      return { quality, effort: 4 };
    case "jpeg":
      return { quality, progressive: true };
    case "png":
      return { compressionLevel: 9 };
  }
}

/**
 * The widths to encode for a source `sourceWidth` pixels wide: the configured widths that do
 * not upscale, plus the source width itself when it is smaller than the largest configured one
 * (so the sharpest candidate is the original's full resolution). Ascending, no duplicates.
 */
export function planWidths(sourceWidth: number, widths: readonly number[]): number[] {
  const largest = Math.max(...widths);
  const kept = widths.filter((width) => width <= sourceWidth);
  if (sourceWidth < largest) kept.push(sourceWidth);
  return [...new Set(kept)].sort((a, b) => a - b);
}

const processed = new Set(["jpeg", "png", "webp", "heif"]);

/** True for the formats served as they are instead of being re-encoded. */
export function isServedAsIs(source: SourceInfo): boolean {
  return !processed.has(source.format) || source.animated;
}

/**
 * Every file one source becomes: each planned width in each modern format, then in the
 * fallback format (JPEG stays JPEG, PNG stays PNG; WebP and AVIF sources fall back to PNG when
 * they have transparency, else JPEG), plus a JPEG of {@link shareWidth} for `og:image` when the
 * fallback set has none.
 */
export function planVariants(source: SourceInfo, options: ImageOptions): VariantPlan {
  if (isServedAsIs(source)) return { asIs: true, requests: [] };
  const fallback =
    source.format === "jpeg" ? "jpeg" : source.format === "png" || source.hasAlpha ? "png" : "jpeg";
  const widths = planWidths(source.width, options.widths);
  const request = (width: number, format: EncodedFormat): EncodeRequest => ({
    width,
    format,
    settings: encoderSettings(format, options.quality),
    flatten: format === "jpeg" && source.hasAlpha,
  });
  const requests: EncodeRequest[] = [];
  for (const format of options.formats)
    for (const width of widths) requests.push(request(width, format));
  for (const width of widths) requests.push(request(width, fallback));
  const ogWidth = Math.min(shareWidth, source.width);
  let share = requests.find((r) => r.format === "jpeg" && r.width === ogWidth);
  if (!share) {
    share = request(ogWidth, "jpeg");
    requests.push(share);
  }
  return { asIs: false, fallback, requests, share };
}
