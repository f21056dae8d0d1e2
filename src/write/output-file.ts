/**
 * A file of the built site, by its path relative to the output folder (forward slashes): its
 * bytes (whole, or in pieces), a source file copied as-is, or the previous build's file reused
 * unchanged.
 */
export type OutputFile =
  | { readonly path: string; readonly data: string | Uint8Array }
  | { readonly path: string; readonly copyFrom: string }
  | {
      readonly path: string;
      /**
       * Text made piece by piece and written as it is made, never held whole: a file of a large
       * site too big to keep in memory as one string (the deploy manifest). Iterated once.
       */
      readonly pieces: Iterable<string>;
    }
  | {
      readonly path: string;
      readonly reuse: { readonly file: string; readonly hash: string; readonly size: number };
    };
