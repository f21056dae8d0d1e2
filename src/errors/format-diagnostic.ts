import type { Diagnostic } from "./diagnostic.js";

/**
 * Formats a diagnostic as the contract prints it (section 7):
 * `path:line:column  field  message (hint: ...)  [Code]`, then the code frame, if any.
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
  const text = `${head}  [${severity}${diagnostic.code}]`;
  return diagnostic.frame ? `${text}\n${diagnostic.frame}` : text;
}

/**
 * Renders the source lines around `line` with the offending one marked, and a caret under
 * `column` when it is known.
 */
export function createCodeFrame(source: string, line: number, column?: number): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    out.push(`  ${marker} ${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`);
    if (n === line && column !== undefined && column > 0) {
      out.push(`    ${" ".repeat(width)} | ${" ".repeat(column - 1)}^`);
    }
  }
  return out.join("\n");
}
