import { type DiagnosticCode, diagnosticCatalog } from "./catalog.js";

/** The build phase a diagnostic was raised in, in pipeline order. */
export type Phase =
  | "config"
  | "load"
  | "validate"
  | "markdown"
  | "assemble"
  | "templates"
  | "outputs"
  | "write";

/**
 * One problem found in a run, modelled on unified's `VFileMessage`: where (file, line,
 * column, field), what (code, message), what to do (hint), and how bad (severity).
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint?: string | undefined;
  /** Path relative to the site root, with forward slashes. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** The front-matter field or config key the problem is about. */
  readonly field?: string | undefined;
  /** A few lines of source around the problem, the offending line marked. */
  readonly frame?: string | undefined;
  readonly phase?: Phase | undefined;
}

/** Creates a diagnostic with the catalog's default severity unless one is given. */
export function createDiagnostic(
  code: DiagnosticCode,
  message: string,
  details: Omit<Diagnostic, "code" | "message" | "severity"> & {
    severity?: Diagnostic["severity"];
  } = {},
): Diagnostic {
  return {
    code,
    message,
    ...details,
    severity: details.severity ?? diagnosticCatalog[code].severity,
  };
}

/** Orders diagnostics by file, line, column, then code: the order they are printed in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

/** Locale-independent string order, so output never depends on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when any diagnostic fails the run: errors always, warnings under `--strict`. */
export function hasFailures(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.severity === "error" || (strict && d.severity === "warning"));
}

/**
 * A failure that stops a run, carrying every diagnostic collected so far. `exitCode` is 2 for
 * usage and config problems, 1 for content and template problems (contract section 6).
 */
export class NewsdeckError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  readonly exitCode: 1 | 2;

  constructor(diagnostics: readonly Diagnostic[], exitCode: 1 | 2 = 1) {
    const first = diagnostics[0];
    super(first ? `${first.code}: ${first.message}` : "build failed");
    this.name = "NewsdeckError";
    this.diagnostics = [...diagnostics].sort(compareDiagnostics);
    this.exitCode = exitCode;
  }
}
