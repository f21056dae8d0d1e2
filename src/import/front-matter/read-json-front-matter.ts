import { escapeRegExp } from "../text-escapes.js";
import { type FrontMatterRead, findKeyLine } from "./front-matter-read.js";

/** Reads Hugo's JSON front matter (a `{...}` object at the top of the file). */
export function readJsonFrontMatter(text: string, firstLine: number): FrontMatterRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    // Node names the position only for some errors: find it for the others.
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? jsonErrorOffset(text));
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

/** The offset of the first character that is not valid JSON (a small recursive-descent check). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ":") fail();
        i++;
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i),
    );
    if (!literal) fail();
    i += literal?.[0].length ?? 0;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    space();
    return i < text.length ? i : 0;
  } catch (offset) {
    return typeof offset === "number" ? offset : 0;
  }
}
