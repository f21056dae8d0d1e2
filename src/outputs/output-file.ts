/**
 * A file of the built site, by its path relative to the output folder (forward slashes): either
 * its bytes, or a source file copied as-is.
 */
export type OutputFile =
  | { readonly path: string; readonly data: string | Uint8Array }
  | { readonly path: string; readonly copyFrom: string };
