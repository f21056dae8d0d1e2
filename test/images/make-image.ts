import sharp from "sharp";

/** What a generated test image looks like. */
export interface ImageSpec {
  readonly width: number;
  readonly height: number;
  /** A seed for the gradient, so that each generated image has its own bytes. */
  readonly seed?: number;
  /** Give the PNG a transparent half. */
  readonly alpha?: boolean;
}

/** Raw RGB(A) pixels of a smooth two-way gradient: cheap to encode, yet a real picture. */
function gradient(spec: ImageSpec): { data: Buffer; channels: 3 | 4 } {
  const channels = spec.alpha ? 4 : 3;
  const seed = spec.seed ?? 0;
  const data = Buffer.alloc(spec.width * spec.height * channels);
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const at = (y * spec.width + x) * channels;
      data[at] = (x * 255) / spec.width;
      data[at + 1] = (y * 255) / spec.height;
      data[at + 2] = (seed * 37 + x + y) % 256;
      if (channels === 4) data[at + 3] = x < spec.width / 2 ? 255 : 0;
    }
  }
  return { data, channels };
}

/** A JPEG of the given size. */
export async function makeJpeg(spec: ImageSpec): Promise<Buffer> {
  const { data, channels } = gradient(spec);
  return sharp(data, { raw: { width: spec.width, height: spec.height, channels } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A PNG of the given size (with a transparent half when `alpha`). */
export async function makePng(spec: ImageSpec): Promise<Buffer> {
  const { data, channels } = gradient(spec);
  return sharp(data, { raw: { width: spec.width, height: spec.height, channels } })
    .png()
    .toBuffer();
}
