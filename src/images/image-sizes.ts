/**
 * The `sizes` of each place the default theme shows an image: how wide it is drawn at each
 * viewport width, so the browser picks the smallest `srcset` candidate that stays sharp.
 * Derived from `templates/assets/style.css` (1rem = 16px): `.wrap` pads 1rem each side; an
 * article is at most 42rem wide; the home lead is `3fr 2fr` with a 1rem gap from 50rem within
 * 70rem; the gallery grid fits 16rem columns, two at most in an article. Keep in step with the
 * CSS: a `sizes` that is too small blurs images, one too large wastes bytes.
 */
export const imageSizes = {
  /** Article hero and body images: the article column. */
  article: "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
  /** The lead story's image on the home page. */
  homeLead:
    "(min-width: 72rem) 41.4rem, (min-width: 50rem) calc(60vw - 1.8rem), calc(100vw - 2rem)",
  /** A gallery cell: two columns from 35rem, one below. */
  gallery: "(min-width: 44rem) 20.5rem, (min-width: 35rem) calc(50vw - 1.5rem), calc(100vw - 2rem)",
} as const;

/** A place an image is shown, for {@link imageSizes}. */
export type ImageSlot = keyof typeof imageSizes;
