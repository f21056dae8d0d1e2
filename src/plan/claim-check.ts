import { existsSync } from "node:fs";
import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { DuplicateOutputError } from "../write/output-writer.js";

/**
 * Refuses a file that would replace one another subject made and still makes: an incremental
 * build does not write every file, so the writer alone cannot see such a clash.
 */
export function claimCheck(
  state: BuildState,
  stale: ReadonlySet<string>,
  everything: boolean,
): (outputPath: string, subject: string) => void {
  return (outputPath, subject) => {
    if (everything || stale.has(outputPath)) return;
    const before = state.tables.outputs.get(outputPath);
    const kind = subject.split(":")[0] ?? "";
    if (before && before.subject !== subject && !before.subject.startsWith(kind))
      throw new OutputClashError(outputPath, before.subject, subject);
  };
}

/** Two subjects claim one output path across builds. */
export class OutputClashError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(outputPath: string, owner: string, claimant: string) {
    super(`two outputs claim ${outputPath}`);
    this.diagnostic = createDiagnostic("DuplicateUrl", `two outputs claim /${outputPath}`, {
      phase: "write",
      hint: `${claimant} would replace what ${owner} wrote; give one of them another URL`,
    });
  }
}

/** The diagnostic of two outputs claiming one path in one build. */
export function duplicateOutput(root: string, error: DuplicateOutputError): Diagnostic {
  return createDiagnostic("DuplicateUrl", `two outputs claim /${error.outputPath}`, {
    // Pages and feeds are written first: the second claim is the file copied from public/.
    ...(existsSync(path.join(root, "public", error.outputPath))
      ? { file: `public/${error.outputPath}`, line: 1, column: 1 }
      : {}),
    phase: "write",
    hint: "a file in public/ has the same path as a generated page; rename one",
  });
}
