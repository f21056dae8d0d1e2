import type { Diagnostic } from "./diagnostic.js";
import { escapeControlCharacters, escapeControlLines } from "./escape-control-characters.js";

/**
 * Formats a diagnostic as the contract prints it (section 7):
 * `path:line:column  field  message (hint: ...)  [Code]`, then the code frame, if any.
 * Messages, fields, paths and frames quote content: their control characters are escaped, so
 * what is printed cannot drive the terminal of whoever reads the log.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const place = [diagnostic.file, diagnostic.line, diagnostic.column]
    .filter((part) => part !== undefined)
    .join(":");
  const head = [
    place || "newsdeck",
    diagnostic.field,
    diagnostic.hint ? `${diagnostic.message} (hint: ${diagnostic.hint})` : diagnostic.message,
  ]
    .filter((part) => part !== undefined && part !== "")
    .join("  ");
  const severity = diagnostic.severity === "warning" ? "warning " : "";
  const text = `${escapeControlCharacters(head)}  [${severity}${diagnostic.code}]`;
  return diagnostic.frame ? `${text}\n${escapeControlLines(diagnostic.frame)}` : text;
}

/** Source lines longer than this are shown as a window around the column (minified or binary files). */
const frameWidth = 120;

/**
 * Renders the source lines around `line` with the offending one marked, and a caret under
 * `column` when it is known. Control characters are escaped (the caret still points at the
 * right character), and a very long line is cut to a window around the column.
 */
export function createCodeFrame(source: string, line: number, column?: number): string {
  const lines = source.split(/\r?\n/, line + 2);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    const shown = showLine(lines[n - 1] ?? "", n === line ? column : undefined);
    out.push(`  ${marker} ${String(n).padStart(width)} | ${shown.text}`);
    if (n === line && shown.caret !== undefined && shown.caret > 0) {
      out.push(`    ${" ".repeat(width)} | ${" ".repeat(shown.caret - 1)}^`);
    }
  }
  return out.join("\n");
}

/** A line escaped and cut to {@link frameWidth} characters around `column`, and where the caret goes. */
function showLine(line: string, column?: number): { text: string; caret?: number | undefined } {
  const text = escapeControlCharacters(line);
  const caret =
    column === undefined
      ? undefined
      : escapeControlCharacters(line.slice(0, Math.max(0, column - 1))).length + 1;
  if (text.length <= frameWidth) return { text, caret };
  const at = Math.min(Math.max(1, caret ?? 1), text.length);
  const start = Math.max(0, Math.min(at - 1 - frameWidth / 2, text.length - frameWidth));
  const end = start + frameWidth;
  const before = start > 0 ? "…" : "";
  return {
    text: `${before}${text.slice(start, end)}${end < text.length ? "…" : ""}`,
    caret: caret === undefined ? undefined : at - start + before.length,
  };
}
