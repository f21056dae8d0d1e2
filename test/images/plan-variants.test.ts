import { describe, expect, it } from "vitest";
import {
  type ImageOptions,
  planVariants,
  planWidths,
  type SourceInfo,
} from "../../src/images/plan-variants.js";

const options: ImageOptions = {
  widths: [480, 800, 1200, 1600],
  formats: ["avif", "webp"],
  quality: 72,
};
const jpeg = (width: number): SourceInfo => ({
  width,
  height: Math.round(width * 0.6),
  format: "jpeg",
  hasAlpha: false,
  animated: false,
});
const described = (source: SourceInfo) =>
  planVariants(source, options).requests.map((r) => `${r.format} ${r.width}`);

describe("planning image variants", () => {
  it.each([
    [2400, [480, 800, 1200, 1600]],
    [1600, [480, 800, 1200, 1600]],
    [1000, [480, 800, 1000]],
    [480, [480]],
    [300, [300]],
  ])(
    "a source %i px wide gets the widths %j: none above the source, the source itself when smaller than the largest",
    (source, widths) => {
      expect(planWidths(source, options.widths)).toEqual(widths);
    },
  );

  it("encodes every width in each configured format, then in the source's own format", () => {
    expect(described(jpeg(1000))).toEqual([
      "avif 480",
      "avif 800",
      "avif 1000",
      "webp 480",
      "webp 800",
      "webp 1000",
      "jpeg 480",
      "jpeg 800",
      "jpeg 1000",
    ]);
  });

  it("shares the 1200-px fallback JPEG as og:image instead of encoding it twice", () => {
    const plan = planVariants(jpeg(2000), options);
    expect(plan.share).toMatchObject({ format: "jpeg", width: 1200 });
    expect(plan.requests.filter((r) => r.format === "jpeg" && r.width === 1200)).toHaveLength(1);
  });

  it("keeps PNG as the fallback of a PNG and adds a JPEG for og:image, flattened", () => {
    const plan = planVariants({ ...jpeg(1600), format: "png", hasAlpha: true }, options);
    expect(plan.fallback).toBe("png");
    expect(plan.requests.filter((r) => r.format === "png").map((r) => r.width)).toEqual([
      480, 800, 1200, 1600,
    ]);
    expect(plan.share).toMatchObject({ format: "jpeg", width: 1200, flatten: true });
  });

  it("falls back to PNG for a transparent WebP and to JPEG for an opaque one", () => {
    expect(planVariants({ ...jpeg(800), format: "webp", hasAlpha: true }, options).fallback).toBe(
      "png",
    );
    expect(planVariants({ ...jpeg(800), format: "webp" }, options).fallback).toBe("jpeg");
  });

  it("never makes an og:image wider than its source", () => {
    expect(planVariants(jpeg(900), options).share).toMatchObject({ format: "jpeg", width: 900 });
  });

  it("serves GIF, SVG and animated images as they are", () => {
    expect(planVariants({ ...jpeg(800), format: "gif" }, options).asIs).toBe(true);
    expect(planVariants({ ...jpeg(800), format: "svg" }, options).asIs).toBe(true);
    expect(planVariants({ ...jpeg(800), format: "webp", animated: true }, options).asIs).toBe(true);
    expect(planVariants(jpeg(800), options).asIs).toBe(false);
  });

  it("gives AVIF a lower quality number than WebP and JPEG for the configured quality", () => {
    const plan = planVariants(jpeg(480), options);
    const quality = (format: string) =>
      plan.requests.find((r) => r.format === format)?.settings.quality;
    expect(quality("jpeg")).toBe(72);
    expect(quality("webp")).toBe(72);
    expect(quality("avif")).toBe(45);
  });
});
