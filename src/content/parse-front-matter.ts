import matter from "gray-matter";
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";

/** A 1-based line and column in a source file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A source file split into front matter (with positions) and Markdown body. */
export interface ParsedSource {
  /** The front matter as plain data; `{}` when absent or unparsable. */
  readonly data: Record<string, unknown>;
  readonly hasFrontMatter: boolean;
  /** Finds where a field (a path such as `["image", "alt"]`) stands in the file. */
  readonly locate: (fieldPath: readonly (string | number)[], part?: "key" | "value") => Position;
  /** Where the Markdown body starts: character offset and 1-based line. */
  readonly bodyOffset: number;
  readonly bodyLine: number;
  readonly body: string;
  /** YAML syntax problems, located by the parser. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Splits a Markdown file with gray-matter, parsing the front matter as YAML 1.2 with the `yaml`
 * package (dates stay text; every node keeps its position) so that errors can point to the
 * exact line and column of the offending field. Never throws: every problem with the text is
 * a located diagnostic.
 */
export function parseFrontMatter(text: string, file: string): ParsedSource {
  // A byte order mark (saved by some editors) is not part of the opening delimiter.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = /^[^\r\n]*/.exec(source)?.[0] ?? "";
  const delimited = firstLine.startsWith("---") && firstLine[3] !== "-";
  const language = delimited ? firstLine.slice(3).trim() : "";
  if (language !== "" && language !== "yaml") {
    // gray-matter would run `---js` front matter through eval: content is data, never code.
    return unsupportedLanguage(text, file, language);
  }
  const hasFrontMatter = delimited && source.length > firstLine.length;

  let document: Document | undefined;
  let value: unknown;
  let conversionError: string | undefined;
  const lineCounter = new LineCounter();
  let split: { content: string };
  try {
    // An options object also turns off gray-matter's cache, which would keep every file's text.
    split = matter(source, {
      language: "yaml",
      engines: {
        yaml: (yamlSource: string) => {
          // CRLF files: `count: 3\r` must read as 3. Removing the CR keeps lines and columns.
          document = parseDocument(yamlSource.replace(/\r(?=\n|$)/g, ""), {
            lineCounter,
            prettyErrors: false,
            version: "1.2",
            uniqueKeys: true,
            logLevel: "error",
          });
          if (document.errors.length > 0) return {};
          try {
            value = document.toJS({ maxAliasCount: 50 });
          } catch (error) {
            conversionError = error instanceof Error ? error.message : String(error);
            return {};
          }
          if (isCircular(value)) conversionError = "an alias refers to the node that contains it";
          return {};
        },
        ...Object.fromEntries(refusedEngines.map((name) => [name, refuseEngine])),
      },
    });
  } catch (error) {
    return unreadable(text, file, error instanceof Error ? error.message : String(error));
  }
  const bodyOffset = text.length - split.content.length;
  const bodyLine = countLines(text, bodyOffset);
  const diagnostics: Diagnostic[] = [];
  const yamlErrors = document?.errors ?? [];
  for (const error of yamlErrors) {
    const pos = lineCounter.linePos(error.pos[0]);
    diagnostics.push(
      createDiagnostic("YamlSyntax", firstLineOf(error.message), {
        file,
        line: pos.line,
        column: pos.col,
        phase: "load",
        hint: 'check indentation and quote values that contain a colon (title: "A: B")',
        frame: createCodeFrame(text, pos.line, pos.col),
      }),
    );
  }
  if (yamlErrors.length === 0 && conversionError !== undefined && document) {
    const pos = lineCounter.linePos(firstAliasOffset(document) ?? 0);
    diagnostics.push(
      createDiagnostic("YamlSyntax", `the front matter cannot be read: ${conversionError}`, {
        file,
        line: pos.line,
        column: pos.col,
        phase: "load",
        hint: "write the values out instead of repeating them with & anchors and * aliases",
        frame: createCodeFrame(text, pos.line, pos.col),
      }),
    );
  }
  if (diagnostics.length === 0 && value !== undefined && value !== null && !isRecord(value)) {
    const pos = lineCounter.linePos(document?.contents?.range?.[0] ?? 0);
    diagnostics.push(
      createDiagnostic("FieldType", "the front matter must be a mapping of fields", {
        file,
        line: pos.line,
        column: pos.col,
        phase: "load",
        hint: "write one `field: value` per line between the --- lines",
      }),
    );
  }
  const data = diagnostics.length === 0 && isRecord(value) ? value : {};

  const locate = (
    fieldPath: readonly (string | number)[],
    part: "key" | "value" = "value",
  ): Position => {
    const fallback = { line: hasFrontMatter ? 2 : 1, column: 1 };
    if (!document) return fallback;
    const range = findRange(document.contents, fieldPath, part);
    if (range === undefined) return fallback;
    const pos = lineCounter.linePos(range);
    return { line: pos.line, column: pos.col };
  };

  return { data, hasFrontMatter, locate, bodyOffset, bodyLine, body: split.content, diagnostics };
}

/** Front-matter languages gray-matter knows besides YAML; `js` and `javascript` would be eval'd. */
const refusedEngines = ["js", "javascript", "coffee", "coffeescript", "cson", "json", "toml"];

function refuseEngine(): never {
  throw new Error("only YAML front matter is supported");
}

function unsupportedLanguage(text: string, file: string, language: string): ParsedSource {
  return failed(
    text,
    createDiagnostic(
      "YamlSyntax",
      `front matter marked as "${language}" is not supported: Newsdeck reads YAML only`,
      {
        file,
        line: 1,
        column: 4,
        phase: "load",
        hint: `remove "${language}" after the opening --- and write the fields as YAML`,
        frame: createCodeFrame(text, 1, 4),
      },
    ),
  );
}

function unreadable(text: string, file: string, reason: string): ParsedSource {
  return failed(
    text,
    createDiagnostic("YamlSyntax", `the front matter cannot be read: ${firstLineOf(reason)}`, {
      file,
      line: 1,
      column: 1,
      phase: "load",
      hint: "start the file with a line of ---, then YAML fields, then another line of ---",
    }),
  );
}

/** A source whose front matter could not be read at all: only its diagnostic. */
function failed(text: string, diagnostic: Diagnostic): ParsedSource {
  return {
    data: {},
    hasFrontMatter: true,
    locate: () => ({ line: 1, column: 1 }),
    bodyOffset: text.length,
    bodyLine: countLines(text, text.length),
    body: "",
    diagnostics: [diagnostic],
  };
}

/** Where the first `*alias` of a document starts, to point at when aliases cannot be expanded. */
function firstAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** True when a value contains itself (`a: &a {b: *a}`), which no field can hold. */
function isCircular(value: unknown, ancestors = new Set<object>()): boolean {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  for (const child of Object.values(value)) if (isCircular(child, ancestors)) return true;
  ancestors.delete(value);
  return false;
}

/** The start offset of the deepest node on `fieldPath` that exists. */
function findRange(
  root: unknown,
  fieldPath: readonly (string | number)[],
  part: "key" | "value",
): number | undefined {
  let node = root as Node | null | undefined;
  let best: number | undefined = node?.range?.[0];
  for (let i = 0; i < fieldPath.length; i++) {
    const step = fieldPath[i];
    if (!node) break;
    const isLast = i === fieldPath.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === step,
      );
      if (!pair) break;
      const keyStart = (pair.key as Node).range?.[0];
      if (isLast && part === "key") return keyStart;
      best = keyStart;
      const value = pair.value as Node | null;
      if (value?.range) best = value.range[0];
      node = value;
    } else if ("items" in node && Array.isArray(node.items) && typeof step === "number") {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      if (item.range) best = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function firstLineOf(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
