import pc from "picocolors";
import type { Diagnostic } from "../errors/diagnostic.js";
import { formatDiagnostic } from "../errors/format-diagnostic.js";

/** Prints diagnostics to stderr, sorted, with a count line. */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  stream: NodeJS.WritableStream = process.stderr,
): void {
  for (const diagnostic of diagnostics) {
    const [head = "", ...frame] = formatDiagnostic(diagnostic).split("\n");
    const colour = diagnostic.severity === "error" ? pc.red : pc.yellow;
    stream.write(`${colour(head)}\n${frame.length ? `${pc.dim(frame.join("\n"))}\n` : ""}`);
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) {
    stream.write(
      `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
    );
  }
}
