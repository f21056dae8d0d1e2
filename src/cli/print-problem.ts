import pc from "picocolors";
import type { DiagnosticCode } from "../errors/catalog.js";
import { escapeControlCharacters } from "../errors/escape-control-characters.js";

/**
 * Prints a problem that has no place in a file (a command-line value, a busy port, a crash) as
 * one line on stderr, `message [Code]`. Messages quote what the user typed or what a file held:
 * their control characters are escaped.
 */
export function printProblem(
  message: string,
  code: DiagnosticCode = "UsageInvalid",
  stream: NodeJS.WritableStream = process.stderr,
): void {
  stream.write(`${pc.red(escapeControlCharacters(message))} [${code}]\n`);
}
