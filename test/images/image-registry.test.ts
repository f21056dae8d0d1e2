import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ImageReadError,
  ImageRegistry,
  type PublishedImage,
} from "../../src/images/image-registry.js";
import type { ImageOptions } from "../../src/images/plan-variants.js";
import { createSharpProcessor, type ImageProcessor } from "../../src/images/sharp-processor.js";
import type { OutputFile } from "../../src/write/output-file.js";
import { makeJpeg, makePng } from "./make-image.js";

const defaults: ImageOptions = {
  widths: [480, 800, 1200, 1600],
  formats: ["avif", "webp"],
  quality: 72,
};
/** Small widths for tests about the cache, where what is encoded does not matter. */
const small: ImageOptions = { ...defaults, widths: [120, 240] };

/** The sharp processor, counting what it is asked to do. */
function countingProcessor() {
  const inner = createSharpProcessor();
  const calls = { inspect: 0, encode: 0, decode: 0 };
  const processor: ImageProcessor = {
    id: inner.id,
    inspect: (bytes) => {
      calls.inspect++;
      return inner.inspect(bytes);
    },
    encode: (bytes, request) => {
      calls.encode++;
      return inner.encode(bytes, request);
    },
    decode: (bytes) => {
      calls.decode++;
      return inner.decode(bytes);
    },
  };
  return { processor, calls };
}

/** `[url, width]` of each candidate of a srcset. */
function candidates(srcset: string | undefined): [string, number][] {
  return (srcset ?? "").split(", ").map((candidate) => {
    const [url = "", width = ""] = candidate.split(" ");
    return [url, Number.parseInt(width, 10)];
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "newsdeck-images-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function source(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

function registry(options: ImageOptions, processor?: ImageProcessor): ImageRegistry {
  return new ImageRegistry({ cacheDir: path.join(dir, "cache"), images: options, processor });
}

/** The cache file an output URL is copied from. */
function fileOf(outputs: readonly OutputFile[], url: string): string {
  const output = outputs.find((o) => `/${o.path}` === url);
  if (!output || !("copyFrom" in output)) throw new Error(`no output for ${url}`);
  return output.copyFrom;
}

async function metadataOf(outputs: readonly OutputFile[], url: string) {
  return sharp(await readFile(fileOf(outputs, url))).metadata();
}

describe("image processing", () => {
  it("encodes a 1000-px JPEG at 480, 800 and 1000 px in AVIF, WebP and JPEG, each file what its srcset says", async () => {
    const images = registry(defaults);
    const published = await images.publish(
      await source("harbour.jpg", await makeJpeg({ width: 1000, height: 600 })),
    );
    const outputs = images.outputs();
    expect(published.sources.map((s) => s.type)).toEqual(["image/avif", "image/webp"]);
    const sets: [string, string | undefined][] = [
      ["heif", published.sources[0]?.srcset],
      ["webp", published.sources[1]?.srcset],
      ["jpeg", published.srcset],
    ];
    for (const [format, srcset] of sets) {
      const found = candidates(srcset);
      expect(found.map(([, width]) => width)).toEqual([480, 800, 1000]);
      for (const [url, width] of found) {
        const metadata = await metadataOf(outputs, url);
        expect(metadata.format, url).toBe(format);
        expect(metadata.width, url).toBe(width);
        expect(metadata.height, url).toBe(Math.round((width * 600) / 1000));
      }
    }
    expect(published).toMatchObject({ width: 1000, height: 600, type: "image/jpeg" });
    expect(
      outputs.every((o) => /^images\/harbour-\d+-[0-9a-f]{10}\.(avif|webp|jpg)$/.test(o.path)),
    ).toBe(true);
    expect(outputs).toHaveLength(9);
  });

  it("keeps a 1000-px PNG's fallback PNG (with its transparency) and gives it a JPEG og:image", async () => {
    const images = registry(defaults);
    const published = await images.publish(
      await source("chart.png", await makePng({ width: 1000, height: 500, alpha: true })),
    );
    const outputs = images.outputs();
    expect(published.type).toBe("image/png");
    for (const [url, width] of candidates(published.srcset)) {
      const metadata = await metadataOf(outputs, url);
      expect(metadata).toMatchObject({ format: "png", width, hasAlpha: true });
    }
    expect(candidates(published.srcset).map(([, w]) => w)).toEqual([480, 800, 1000]);
    expect(published.share).toMatchObject({ type: "image/jpeg", width: 1000, height: 500 });
    expect(await metadataOf(outputs, published.share.url)).toMatchObject({
      format: "jpeg",
      width: 1000,
      hasAlpha: false,
    });
  });

  it("makes the og:image of a wide photo a 1200-px JPEG", async () => {
    const images = registry({ ...defaults, formats: [] });
    const published = await images.publish(
      await source("wide.jpg", await makeJpeg({ width: 1400, height: 700 })),
    );
    expect(published.share).toMatchObject({ type: "image/jpeg", width: 1200, height: 600 });
    expect(await metadataOf(images.outputs(), published.share.url)).toMatchObject({
      format: "jpeg",
      width: 1200,
    });
  });

  it("turns a photo the way its EXIF orientation says and strips the metadata", async () => {
    const sideways = await sharp(await makeJpeg({ width: 300, height: 200 }))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const images = registry(small);
    const published = await images.publish(await source("sideways.jpg", sideways));
    expect(published).toMatchObject({ width: 200, height: 300 });
    const outputs = images.outputs();
    for (const output of outputs) {
      const metadata = await metadataOf(outputs, `/${output.path}`);
      expect(metadata.orientation, output.path).toBeUndefined();
      expect(metadata.exif, output.path).toBeUndefined();
      expect(metadata.height, output.path).toBeGreaterThan(metadata.width ?? 0);
    }
  });

  it.each([
    ["a file that is not an image", () => Buffer.from("not an image at all, just text")],
    [
      "a truncated JPEG (its header is fine)",
      async () => (await makeJpeg({ width: 400, height: 300 })).subarray(0, 2000),
    ],
  ])("rejects %s as unreadable and caches nothing", async (_name, make) => {
    const images = registry(small);
    const file = await source("broken.jpg", await make());
    await expect(images.publish(file)).rejects.toThrow(ImageReadError);
    await expect(images.publish(file)).rejects.toThrow(/not a readable image/);
    const cached = await readdir(path.join(dir, "cache")).catch(() => []);
    expect(cached).toEqual([]);
    expect(images.outputs()).toEqual([]);
  });

  it("rejects a missing file", async () => {
    await expect(registry(small).publish(path.join(dir, "gone.jpg"))).rejects.toThrow(
      /does not exist/,
    );
  });

  it("serves a GIF as it is, with its size", async () => {
    const gif = await sharp(await makePng({ width: 64, height: 32 }))
      .gif()
      .toBuffer();
    const images = registry(small);
    const published = await images.publish(await source("loop.gif", gif));
    expect(published).toMatchObject({ width: 64, height: 32, type: "image/gif", sources: [] });
    expect(published.srcset).toBeUndefined();
    expect(published.share.url).toBe(published.url);
    expect(images.outputs()).toEqual([
      { path: published.url.slice(1), copyFrom: path.join(dir, "loop.gif") },
    ]);
  });
});

describe("the image cache", () => {
  async function publishTwice(mutate: (cacheDir: string) => Promise<void>) {
    const file = await source("harbour.jpg", await makeJpeg({ width: 300, height: 200 }));
    const first = countingProcessor();
    const cold = registry(small, first.processor);
    const before = await cold.publish(file);
    const beforeBytes = await Promise.all(
      cold.outputs().map(async (o) => ("copyFrom" in o ? readFile(o.copyFrom) : Buffer.alloc(0))),
    );
    await mutate(path.join(dir, "cache"));
    const second = countingProcessor();
    const warm = registry(small, second.processor);
    const after = await warm.publish(file);
    return { first, second, cold, warm, before, after, beforeBytes };
  }

  async function bytesOf(images: ImageRegistry) {
    return Promise.all(
      images.outputs().map(async (o) => ("copyFrom" in o ? readFile(o.copyFrom) : Buffer.alloc(0))),
    );
  }

  it("does no image work for an unchanged image on the next build", async () => {
    const run = await publishTwice(async () => {});
    expect(run.first.calls.inspect).toBe(1);
    // Two widths in three formats, plus the og:image JPEG at the source's own 300 px.
    expect(run.first.calls.encode).toBe(7);
    expect(run.second.calls).toEqual({ inspect: 0, encode: 0, decode: 0 });
    expect(run.warm.stats()).toMatchObject({ sources: 1, cached: 1, encoded: 0, repaired: 0 });
    expect(run.after).toEqual(run.before);
    expect(run.warm.outputs()).toEqual(run.cold.outputs());
  });

  it.each<[string, (entry: string, files: string[]) => Promise<void>]>([
    [
      "a flipped byte",
      async (entry, files) => {
        const file = path.join(entry, files.find((f) => f.endsWith(".webp")) ?? "");
        const bytes = await readFile(file);
        bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
        await writeFile(file, bytes);
      },
    ],
    [
      "a truncated file",
      async (entry, files) => {
        const file = path.join(entry, files.find((f) => f.endsWith(".avif")) ?? "");
        await writeFile(file, (await readFile(file)).subarray(0, 100));
      },
    ],
    [
      "a missing file",
      (entry, files) => rm(path.join(entry, files.find((f) => f.endsWith(".jpg")) ?? "")),
    ],
    ["a garbled manifest", (entry) => writeFile(path.join(entry, "manifest.json"), "{")],
  ])("detects %s in a cache entry, discards the entry and encodes again", async (_name, damage) => {
    const run = await publishTwice(async (cacheDir) => {
      const [key] = await readdir(cacheDir);
      const entry = path.join(cacheDir, key ?? "");
      await damage(entry, await readdir(entry));
    });
    expect(run.second.calls.encode).toBe(7);
    expect(run.warm.stats()).toMatchObject({ cached: 0, repaired: 1 });
    // The rebuilt entry has the very bytes of the first one.
    expect(run.after).toEqual(run.before);
    expect(await bytesOf(run.warm)).toEqual(run.beforeBytes);
  });

  it("encodes again when a processing option changes", async () => {
    const file = await source("harbour.jpg", await makeJpeg({ width: 300, height: 200 }));
    await registry(small).publish(file);
    const counted = countingProcessor();
    const published: PublishedImage = await registry(
      { ...small, quality: 60 },
      counted.processor,
    ).publish(file);
    expect(counted.calls.encode).toBe(7);
    expect(published.sources).toHaveLength(2);
  });
});

describe("parallel image work", () => {
  it("processes at most `jobs` images at once", async () => {
    let active = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    const inner = createSharpProcessor();
    const processor: ImageProcessor = {
      id: "held",
      async inspect(bytes) {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => waiting.push(resolve));
        active--;
        return inner.inspect(bytes);
      },
      encode: (bytes, request) => inner.encode(bytes, request),
      decode: (bytes) => inner.decode(bytes),
    };
    const images = new ImageRegistry({
      cacheDir: path.join(dir, "cache"),
      images: { ...small, widths: [16], formats: [] },
      jobs: 2,
      processor,
    });
    const files: string[] = [];
    for (let i = 0; i < 5; i++)
      files.push(await source(`p${i}.jpg`, await makeJpeg({ width: 32, height: 16, seed: i })));
    const all = Promise.all(files.map((f) => images.publish(f)));
    await expect.poll(() => waiting.length).toBe(2);
    // Releasing one lets the next start; never more than two wait at once.
    for (const expected of [2, 2, 2, 1, 0]) {
      waiting.shift()?.();
      await expect.poll(() => waiting.length).toBe(expected);
      expect(active).toBeLessThanOrEqual(2);
    }
    await all;
    expect(most).toBe(2);
  });
});

describe("read-only mode (newsdeck check)", () => {
  function checking(processor: ImageProcessor): ImageRegistry {
    return new ImageRegistry({
      cacheDir: path.join(dir, "cache"),
      images: small,
      processor,
      readOnly: true,
    });
  }

  it("decodes each image but encodes nothing and writes nothing, not even the cache", async () => {
    const file = await source("harbour.jpg", await makeJpeg({ width: 300, height: 200 }));
    const counted = countingProcessor();
    const images = checking(counted.processor);
    const published = await images.publish(file);
    expect(counted.calls).toEqual({ inspect: 1, encode: 0, decode: 1 });
    expect(published).toMatchObject({ width: 300, height: 200 });
    expect(candidates(published.srcset).map(([, w]) => w)).toEqual([120, 240]);
    expect(images.outputs()).toEqual([]);
    expect(await readdir(dir)).toEqual(["harbour.jpg"]);
  });

  it("rejects a truncated JPEG as the build would", async () => {
    const whole = await makeJpeg({ width: 400, height: 300 });
    const file = await source("broken.jpg", whole.subarray(0, 2000));
    await expect(checking(countingProcessor().processor).publish(file)).rejects.toThrow(
      /not a readable image/,
    );
    expect(await readdir(dir)).toEqual(["broken.jpg"]);
  });

  it("uses a sound cache entry without decoding, and leaves a damaged one as it found it", async () => {
    const file = await source("harbour.jpg", await makeJpeg({ width: 300, height: 200 }));
    const built = await registry(small).publish(file);
    const sound = countingProcessor();
    expect(await checking(sound.processor).publish(file)).toEqual(built);
    expect(sound.calls).toEqual({ inspect: 0, encode: 0, decode: 0 });

    const cacheDir = path.join(dir, "cache");
    const [key = ""] = await readdir(cacheDir);
    const manifest = path.join(cacheDir, key, "manifest.json");
    await writeFile(manifest, "{");
    const damaged = countingProcessor();
    await checking(damaged.processor).publish(file);
    expect(damaged.calls).toEqual({ inspect: 1, encode: 0, decode: 1 });
    expect(await readFile(manifest, "utf8")).toBe("{");
  });
});
