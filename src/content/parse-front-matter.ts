import matter from "gray-matter";
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
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
 * exact line and column of the offending field.
 */
export function parseFrontMatter(text: string, file: string): ParsedSource {
  let document: Document | undefined;
  const lineCounter = new LineCounter();
  // An options object also turns off gray-matter's cache, which would keep every file's text.
  const split = matter(text, {
    language: "yaml",
    engines: {
      yaml: (source: string) => {
        document = parseDocument(source, {
          lineCounter,
          prettyErrors: false,
          version: "1.2",
          uniqueKeys: true,
        });
        if (document.errors.length > 0) return {};
        const value = document.toJS({ maxAliasCount: 50 });
        return isRecord(value) ? value : { __notAMapping: value };
      },
    },
  });
  const bodyOffset = text.length - split.content.length;
  const bodyLine = countLines(text, bodyOffset);
  const diagnostics: Diagnostic[] = [];
  const yamlErrors = document?.errors ?? [];
  for (const error of yamlErrors) {
    const pos = lineCounter.linePos(error.pos[0]);
    diagnostics.push(
      createDiagnostic("YamlSyntax", firstLine(error.message), {
        file,
        line: pos.line,
        column: pos.col,
        phase: "load",
        hint: 'check indentation and quote values that contain a colon (title: "A: B")',
        frame: createCodeFrame(text, pos.line, pos.col),
      }),
    );
  }
  const raw = split.data as Record<string, unknown>;
  if ("__notAMapping" in raw) {
    diagnostics.push(
      createDiagnostic("FieldType", "the front matter must be a mapping of fields", {
        file,
        line: 2,
        column: 1,
        phase: "load",
        hint: "write one `field: value` per line between the --- lines",
      }),
    );
  }
  const data = yamlErrors.length > 0 || "__notAMapping" in raw ? {} : raw;
  const hasFrontMatter = /^---[ \t]*\r?\n/.test(text);

  const locate = (
    fieldPath: readonly (string | number)[],
    part: "key" | "value" = "value",
  ): Position => {
    const fallback = { line: hasFrontMatter ? 2 : 1, column: 1 };
    if (!document) return fallback;
    const range = findRange(document.contents, fieldPath, part);
    if (!range) return fallback;
    const pos = lineCounter.linePos(range);
    return { line: pos.line, column: pos.col };
  };

  return { data, hasFrontMatter, locate, bodyOffset, bodyLine, body: split.content, diagnostics };
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

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
