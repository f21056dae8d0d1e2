import type { SourcePosition } from "../site/model.js";

interface Token {
  readonly kind: "word" | "string" | "punct";
  readonly value: string;
  readonly offset: number;
}

/**
 * Finds where a key path (`["pagination", "perPage"]`, `["disclaimers", 0, "partial"]`) is
 * written in a `.ts`/`.mjs`/`.js` config, so config errors can name a line. Best effort: it
 * reads the object literal after `export default` (or `defineConfig(`) without running or fully
 * parsing the file, and gives the deepest step it finds; undefined when it finds none.
 */
export function locateConfigKey(
  source: string,
  keyPath: readonly (string | number)[],
): SourcePosition | undefined {
  const tokens = tokenize(source);
  const start = configObjectStart(tokens);
  if (start === undefined) return undefined;
  let at: number = start;
  let found: number | undefined;
  for (const step of keyPath) {
    const open: Token | undefined = tokens[at];
    if (!open) break;
    const next: number | undefined =
      typeof step === "number" && open.value === "["
        ? elementStart(tokens, at, step)
        : open.value === "{"
          ? propertyKey(tokens, at, String(step))
          : undefined;
    if (next === undefined) break;
    found = tokens[next]?.offset;
    // A property's value starts after its colon; an array element starts at itself.
    at = typeof step === "number" && open.value === "[" ? next : next + 2;
  }
  return found === undefined ? undefined : positionOf(source, found);
}

function configObjectStart(tokens: readonly Token[]): number | undefined {
  const exported = tokens.findIndex(
    (t, i) => t.value === "export" && tokens[i + 1]?.value === "default",
  );
  if (exported === -1) return undefined;
  const afterDefault = tokens[exported + 2];
  // `export default config;`: find `config = {`.
  if (afterDefault?.kind === "word" && tokens[exported + 3]?.value !== "(") {
    const assigned = tokens.findIndex(
      (t, i) => t.value === afterDefault.value && tokens[i + 1]?.value === "=" && i < exported,
    );
    if (assigned !== -1) return firstBrace(tokens, assigned);
  }
  return firstBrace(tokens, exported);
}

function firstBrace(tokens: readonly Token[], from: number): number | undefined {
  for (let i = from; i < tokens.length; i++) if (tokens[i]?.value === "{") return i;
  return undefined;
}

/** The token index of `key` directly inside the object opened at `open`. */
function propertyKey(tokens: readonly Token[], open: number, key: string): number | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.value === "{" || token.value === "[" || token.value === "(") depth++;
    else if (token.value === "}" || token.value === "]" || token.value === ")") {
      depth--;
      if (depth === 0) return undefined;
    } else if (
      depth === 1 &&
      token.kind !== "punct" &&
      token.value === key &&
      tokens[i + 1]?.value === ":"
    ) {
      return i;
    }
  }
  return undefined;
}

/** The token index where element `index` of the array opened at `open` starts. */
function elementStart(tokens: readonly Token[], open: number, index: number): number | undefined {
  let depth = 0;
  let element = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (depth === 1 && element === index && token.value !== "," && token.value !== "]") return i;
    if (token.value === "{" || token.value === "[" || token.value === "(") depth++;
    else if (token.value === "}" || token.value === "]" || token.value === ")") {
      depth--;
      if (depth === 0) return undefined;
    } else if (depth === 1 && token.value === ",") element++;
  }
  return undefined;
}

/** Words, strings (with their quotes removed) and punctuation; comments are skipped. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      i = end === -1 ? source.length : end;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (char === '"' || char === "'" || char === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== char) j += source[j] === "\\" ? 2 : 1;
      tokens.push({ kind: "string", value: source.slice(i + 1, j), offset: i });
      i = j + 1;
    } else if (/[\p{L}\p{N}_$]/u.test(char)) {
      let j = i + 1;
      while (j < source.length && /[\p{L}\p{N}_$.]/u.test(source[j] as string)) j++;
      tokens.push({ kind: "word", value: source.slice(i, j), offset: i });
      i = j;
    } else {
      tokens.push({ kind: "punct", value: char, offset: i });
      i++;
    }
  }
  return tokens;
}

function positionOf(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
