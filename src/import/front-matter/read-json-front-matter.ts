import { escapeRegExp } from "../text-escapes.js";
import { type FrontMatterRead, findKeyLine } from "./front-matter-read.js";

/** Reads Hugo's JSON front matter (a `{...}` object at the top of the file). */
export function readJsonFrontMatter(text: string, firstLine: number): FrontMatterRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const before = text.slice(0, position).split("\n");
    return {
      ok: false,
      line: firstLine + before.length - 1,
      column: (before.at(-1)?.length ?? 0) + 1,
      message: `the front matter is not JSON Hugo could read: ${message}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, line: firstLine, column: 1, message: "the front matter is not an object" };
  }
  return {
    ok: true,
    data: value as Record<string, unknown>,
    lineOf: (key) =>
      findKeyLine(text, firstLine, (k) => new RegExp(`^\\s*"${escapeRegExp(k)}"\\s*:`), key),
    quirks: [],
  };
}
