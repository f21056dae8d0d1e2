import { type Document, isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type { FrontMatterQuirk, FrontMatterRead } from "./front-matter-read.js";

/**
 * Reads YAML front matter the way Jekyll (Ruby's Psych) and Hugo (go-yaml) read it, which is
 * more leniently than YAML 1.2 allows:
 *
 * - a key given twice is not an error: the last value wins (`uniqueKeys: false`), and each
 *   repeat is reported;
 * - a double- or single-quoted value may continue on lines that are not indented (libyaml
 *   accepts them; the `yaml` package wants them indented): when, and only when, the text does
 *   not parse otherwise, those lines are indented and the value read again, each line reported;
 * - `<<` merge keys work, as in YAML 1.1.
 *
 * Dates stay text (the core schema has no timestamps): the caller reads them in the site's
 * zone. Anything else the parser rejects was unreadable for the generator too, and comes back
 * located (`ok: false`).
 */
export function readLenientYaml(
  text: string,
  firstLine: number,
  generator: string,
): FrontMatterRead {
  const quirks: FrontMatterQuirk[] = [];
  let lineCounter = new LineCounter();
  let document = parse(text, lineCounter);
  if (document.errors.length > 0) {
    const fixed = indentQuotedContinuations(text);
    if (fixed.lines.length > 0) {
      const retryCounter = new LineCounter();
      const retry = parse(fixed.text, retryCounter);
      if (retry.errors.length === 0) {
        document = retry;
        lineCounter = retryCounter;
        for (const line of fixed.lines) {
          quirks.push({
            code: "QuotedContinuation",
            line: firstLine + line - 1,
            message: `a quoted value continues on a line that is not indented; read as one value, as ${generator} read it`,
          });
        }
      }
    }
  }
  const [error] = document.errors;
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    return {
      ok: false,
      line: firstLine + at.line - 1,
      column: at.col,
      message: `the front matter is not YAML ${generator} could read: ${firstLineOf(error.message)}`,
    };
  }
  quirks.push(...duplicateKeys(document, lineCounter, firstLine, generator));
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (reason) {
    return {
      ok: false,
      line: firstLine,
      column: 1,
      message: `the front matter cannot be read: ${reason instanceof Error ? reason.message : String(reason)}`,
    };
  }
  if (
    value !== null &&
    value !== undefined &&
    (typeof value !== "object" || Array.isArray(value))
  ) {
    return {
      ok: false,
      line: firstLine,
      column: 1,
      message: "the front matter is not a mapping of fields",
    };
  }
  const data = (value ?? {}) as Record<string, unknown>;
  const keyLines = new Map<string, number>();
  const contents = document.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) {
      if (isScalar(pair.key) && pair.key.range) {
        keyLines.set(
          String(pair.key.value),
          firstLine + lineCounter.linePos(pair.key.range[0]).line - 1,
        );
      }
    }
  }
  return { ok: true, data, lineOf: (key) => keyLines.get(key) ?? firstLine, quirks };
}

function parse(text: string, lineCounter: LineCounter): Document {
  return parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    version: "1.2",
    schema: "core",
    uniqueKeys: false,
    merge: true,
    logLevel: "error",
  });
}

/** Each repeated key of every mapping, reported at the repeat. */
function duplicateKeys(
  document: Document,
  lineCounter: LineCounter,
  firstLine: number,
  generator: string,
): FrontMatterQuirk[] {
  const quirks: FrontMatterQuirk[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const line = firstLine + lineCounter.linePos(pair.key.range[0]).line - 1;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          quirks.push({
            code: "DuplicateKey",
            line,
            message: `"${key}" is set again (first on line ${earlier}); the last value wins, as ${generator} read it`,
          });
        }
        seen.set(key, line);
      }
    },
  });
  return quirks;
}

/**
 * Indents the lines that continue a quoted value whose key line left the quote open, so that
 * the value reads as libyaml reads it. Returns the fixed text and the 1-based lines changed.
 */
function indentQuotedContinuations(text: string): { text: string; lines: number[] } {
  const lines = text.split("\n");
  const changed: number[] = [];
  let open: { quote: string; indent: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (open) {
      const leading = /^ */.exec(line)?.[0].length ?? 0;
      let current = line;
      if (line.trim() !== "" && leading <= open.indent) {
        current = " ".repeat(open.indent + 1 - leading) + line;
        lines[i] = current;
        changed.push(i + 1);
      }
      if (closesQuote(current, open.quote)) open = undefined;
      continue;
    }
    const start = /^( *)(?:- +)*(?:[^\s#"'-][^:]*|"[^"]*"|'[^']*'):[ \t]+(["'])(.*)$/.exec(line);
    const item = start ? undefined : /^( *)(?:- +)+(["'])(.*)$/.exec(line);
    const match = start ?? item;
    if (match && !closesQuote(match[3] ?? "", match[2] ?? '"')) {
      open = { quote: match[2] ?? '"', indent: match[1]?.length ?? 0 };
    }
  }
  return { text: lines.join("\n"), lines: changed };
}

/** Whether `rest` (text after an opening quote) holds the closing quote. */
function closesQuote(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quote === '"' && c === "\\") i++;
    else if (c === quote) {
      if (quote === "'" && rest[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

function firstLineOf(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
