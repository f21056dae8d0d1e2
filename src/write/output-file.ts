/**
 * A file of the built site, by its path relative to the output folder (forward slashes): its
 * bytes, a source file copied as-is, or the previous build's file reused unchanged.
 */
export type OutputFile =
  | { readonly path: string; readonly data: string | Uint8Array }
  | { readonly path: string; readonly copyFrom: string }
  | {
      readonly path: string;
      readonly reuse: { readonly file: string; readonly hash: string; readonly size: number };
    };
