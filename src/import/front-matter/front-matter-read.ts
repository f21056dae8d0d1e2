/** A quirk a front-matter reader straightened out, at a line of the source file. */
export interface FrontMatterQuirk {
  readonly code: "DuplicateKey" | "QuotedContinuation";
  readonly line: number;
  readonly message: string;
}

/** Front matter as its generator read it, or why that generator could not have read it. */
export type FrontMatterRead =
  | {
      readonly ok: true;
      readonly data: Record<string, unknown>;
      /** The 1-based line of a top-level key in the source file; the first line when absent. */
      readonly lineOf: (key: string) => number;
      readonly quirks: readonly FrontMatterQuirk[];
    }
  | {
      readonly ok: false;
      readonly line: number;
      readonly column: number;
      readonly message: string;
    };

/** The line of the first line in `text` matching `pattern`, offset to the file, or `fallback`. */
export function findKeyLine(
  text: string,
  firstLine: number,
  pattern: (key: string) => RegExp,
  key: string,
): number {
  const lines = text.split("\n");
  const test = pattern(key);
  const index = lines.findIndex((line) => test.test(line));
  return index < 0 ? firstLine : firstLine + index;
}
