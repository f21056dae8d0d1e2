import type { BodyLimits } from "./body-limits.js";
import type { BodyMessage } from "./render-markdown.js";

/**
 * Refuses a body over the size or nesting limit before it is parsed: returns the located
 * message, with its line counted from the body's first line (1). Both checks are one pass over
 * the characters; the parser is what they protect, as it slows down more than linearly with
 * nesting (400 levels of list take seconds, 1,000 overflow its stack).
 */
export function checkBodyLimits(body: string, limits: BodyLimits): BodyMessage | undefined {
  const bytes = Buffer.byteLength(body);
  if (bytes > limits.bytes) {
    return {
      code: "MarkdownTooLarge",
      message: `the body is ${bytes.toLocaleString("en")} bytes, over the limit of ${limits.bytes.toLocaleString("en")} (limits.body.bytes)`,
      hint: "split the article, or raise limits.body.bytes in the config",
      line: 1,
    };
  }
  const deep = findDeepNesting(body, limits.nesting);
  if (deep) {
    return {
      code: "MarkdownTooDeep",
      message: `lists and block quotes are nested ${deep.depth.toLocaleString("en")} deep here, over the limit of ${limits.nesting} (limits.body.nesting)`,
      hint: "flatten the nesting, or raise limits.body.nesting in the config",
      line: deep.line,
      column: deep.column,
    };
  }
  return undefined;
}

/** Where nesting first goes over `limit`, as a scan of line starts estimates it. */
interface DeepNesting {
  readonly line: number;
  readonly column: number;
  readonly depth: number;
}

/**
 * Estimates the nesting of each line: the list items it is indented into (each item's content
 * column is remembered until a line is indented less), plus the `>` and list markers that start
 * it. Lines inside fenced code do not count, nor does a thematic break (`* * *`). Lazy
 * continuation lines can make it an underestimate; what the scan misses, the time budget stops.
 */
function findDeepNesting(body: string, limit: number): DeepNesting | undefined {
  const contentColumns: number[] = [];
  let fence = "";
  let line = 0;
  for (let start = 0; start <= body.length; ) {
    const newline = body.indexOf("\n", start);
    let end = newline === -1 ? body.length : newline;
    if (end > start && body.charCodeAt(end - 1) === 13) end--;
    line++;
    const cursor = { index: start, column: 0 };
    skipSpace(body, cursor, end);
    if (cursor.index < end && !fence) {
      while (contentColumns.length > 0 && cursor.column < (contentColumns.at(-1) as number)) {
        contentColumns.pop();
      }
      let depth = contentColumns.length;
      // Where the line could turn into a thematic break, checked once when markers reach it.
      let breakFrom = thematicBreakTail(body, start, end);
      while (cursor.index < end) {
        if (cursor.index >= breakFrom) {
          if (countMarks(body, cursor.index, end) >= 3) break;
          breakFrom = end;
        }
        if (body.charCodeAt(cursor.index) === 62 /* > */) {
          cursor.index++;
          cursor.column++;
        } else {
          const width = listMarkerWidth(body, cursor.index, end);
          if (width === 0) break;
          contentColumns.push(cursor.column + width + 1);
          cursor.index += width;
          cursor.column += width;
        }
        depth++;
        skipSpace(body, cursor, end);
      }
      if (depth > limit) return { line, column: 1, depth };
    }
    if (cursor.index < end) {
      const marker = body.startsWith("```", cursor.index)
        ? "```"
        : body.startsWith("~~~", cursor.index)
          ? "~~~"
          : "";
      if (marker && (!fence || fence === marker)) fence = fence ? "" : marker;
    }
    start = newline === -1 ? body.length + 1 : newline + 1;
  }
  return undefined;
}

function skipSpace(body: string, cursor: { index: number; column: number }, end: number): void {
  while (cursor.index < end) {
    const code = body.charCodeAt(cursor.index);
    if (code === 32) cursor.column++;
    else if (code === 9) cursor.column += 4 - (cursor.column % 4);
    else return;
    cursor.index++;
  }
}

/**
 * Where the line's tail of one of `-`, `*`, `_` and spaces starts (`end` when there is none): a
 * thematic break (`* * *`, three marks or more) takes the line from any mark there on.
 */
function thematicBreakTail(body: string, start: number, end: number): number {
  let index = end;
  let mark = 0;
  let from = end;
  while (index > start) {
    const code = body.charCodeAt(index - 1);
    if (code === 32 || code === 9) {
      index--;
      continue;
    }
    if (mark === 0 && (code === 45 || code === 42 || code === 95)) mark = code;
    if (code !== mark) break;
    index--;
    from = index;
  }
  return from;
}

/** The marks (the character at `index`) from `index` to the line's end. */
function countMarks(body: string, index: number, end: number): number {
  const mark = body.charCodeAt(index);
  let count = 0;
  for (let i = index; i < end; i++) if (body.charCodeAt(i) === mark) count++;
  return count;
}

/** The width of a list marker (`-`, `+`, `*`, or 1-9 digits and `.` or `)`) followed by a space or the line end, else 0. */
function listMarkerWidth(body: string, index: number, end: number): number {
  const code = body.charCodeAt(index);
  let width = 0;
  if (code === 45 || code === 43 || code === 42) width = 1;
  else {
    while (width < 9 && index + width < end && isDigit(body.charCodeAt(index + width))) width++;
    if (width === 0) return 0;
    const delimiter = body.charCodeAt(index + width);
    if (delimiter !== 46 && delimiter !== 41) return 0;
    width++;
  }
  const after = index + width;
  if (after >= end) return width;
  const next = body.charCodeAt(after);
  return next === 32 || next === 9 ? width : 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
