import type { Element } from "hast";
import type { PublishedImage } from "./image-registry.js";

/**
 * The markup of a published body image: a `<picture>` with one `<source>` per modern format and
 * an `<img>` fallback carrying `srcset`, `sizes`, the source's `width`/`height` (no layout
 * shift), `loading="lazy"` and `decoding="async"`. Files served as-is (GIF, SVG) get the `<img>`
 * alone. `templates/partials/figure.eta` renders the same shape for hero and gallery images.
 */
export function pictureElement(image: PublishedImage, alt: string, sizes: string): Element {
  const img: Element = {
    type: "element",
    tagName: "img",
    properties: {
      src: image.url,
      ...(image.srcset ? { srcSet: image.srcset, sizes } : {}),
      alt,
      width: image.width,
      height: image.height,
      loading: "lazy",
      decoding: "async",
    },
    children: [],
  };
  if (image.sources.length === 0) return img;
  return {
    type: "element",
    tagName: "picture",
    properties: {},
    children: [
      ...image.sources.map(
        (source): Element => ({
          type: "element",
          tagName: "source",
          properties: { type: source.type, srcSet: source.srcset, sizes },
          children: [],
        }),
      ),
      img,
    ],
  };
}
