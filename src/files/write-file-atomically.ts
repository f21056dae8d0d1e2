import { randomUUID } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * Writes `data` to a temporary file beside `file` (`<file>.<pid>-<uuid>.tmp`, the name
 * `removeDeadTemporaries` recognises once its writer has died) and returns its path, for the
 * caller to rename into place. A failed write (a full disk) leaves no file behind.
 */
export function writeTemporary(file: string, data: string | Uint8Array): string {
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  try {
    writeFileSync(temp, data);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}

/** Writes `file` whole or not at all: a temporary file beside it, renamed into place. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  renameSync(writeTemporary(file, data), file);
}
