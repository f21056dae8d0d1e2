import sharp from "sharp";

/** Solid colours for the image pool: muted newsroom tones, one per image. */
const palette: readonly (readonly [number, number, number])[] = [
  [176, 58, 46],
  [40, 116, 166],
  [35, 155, 86],
  [202, 111, 30],
  [125, 60, 152],
  [23, 165, 137],
  [93, 109, 126],
  [241, 196, 15],
  [146, 43, 33],
  [27, 79, 114],
  [120, 144, 156],
  [52, 73, 94],
];

/** The number of images in the pool; articles refer to `/images/bench-1.jpg` up to this. */
export const benchImageCount = palette.length;

/**
 * Encodes the pool of small hero images: 64x43 (the 3:2 shape of news photos) solid colours of a
 * few hundred bytes each. They are real JPEGs so that an image pipeline has something to decode,
 * while staying small enough not to dominate the corpus size. The encoder is deterministic for a
 * given sharp version, which keeps the corpus byte-identical across runs.
 */
export async function createBenchImages(): Promise<Buffer[]> {
  return Promise.all(
    palette.map(([r, g, b]) =>
      sharp({ create: { width: 64, height: 43, channels: 3, background: { r, g, b } } })
        .jpeg({ quality: 60 })
        .toBuffer(),
    ),
  );
}
