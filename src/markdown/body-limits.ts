/**
 * Limits on one Markdown body (config `limits.body`), against bodies that would stall a build:
 * the parser is superlinear on some inputs (long runs of emphasis markers, deep nesting).
 */
export interface BodyLimits {
  /** Largest body in UTF-8 bytes; checked before parsing. */
  readonly bytes: number;
  /** Deepest nesting of lists and block quotes; checked by a scan before parsing. */
  readonly nesting: number;
  /** Longest time rendering one body may take, in milliseconds; the render is then stopped. */
  readonly renderMs: number;
  /** Most story blocks (`::name`, `:::name`) one body may hold: each is a partial on its page. */
  readonly blocks: number;
}

/**
 * The defaults: 1 MB is about 150,000 words, more than any article; 100 levels is
 * markdown-it's default; 10 s is over a thousand times what a long article takes, enough for a
 * slow, busy CI machine, and still ends a stalled build quickly; 500 blocks is far more than
 * a long read uses, and keeps one body from making its page render a partial 100,000 times.
 */
export const defaultBodyLimits: BodyLimits = {
  bytes: 1_000_000,
  nesting: 100,
  renderMs: 10_000,
  blocks: 500,
};
