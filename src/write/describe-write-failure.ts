import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { displayPath } from "./display-path.js";
import { outputPathOf } from "./staging-folder.js";

/** Errors of the file system that a build reports as `WriteFailed` instead of crashing. */
const reasons: Readonly<Record<string, { readonly what: string; readonly hint: string }>> = {
  ENOSPC: { what: "no space left on device", hint: "free some disk space" },
  EDQUOT: { what: "disk quota exceeded", hint: "free some space within your quota" },
  EFBIG: { what: "file too large for the file system", hint: "write the output elsewhere (--out)" },
  EROFS: { what: "read-only file system", hint: "write the output elsewhere (--out)" },
  EACCES: { what: "permission denied", hint: "check who owns the folder and its permissions" },
  EPERM: { what: "operation not permitted", hint: "check who owns the folder and its permissions" },
  EIO: { what: "input/output error", hint: "check the disk" },
  EMFILE: { what: "too many open files", hint: "raise the open-file limit (ulimit -n)" },
  ENFILE: { what: "too many open files in the system", hint: "raise the open-file limit" },
};

/**
 * An error thrown while writing a file, with the path in its message: a failed `write` names
 * no path of its own (only `open` does), and a worker thread passes on only the message.
 */
export function withWritePath(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!(error instanceof Error) || code === undefined || parseMessage(error.message)?.file) {
    return error;
  }
  const located = new Error(`${code}: ${reasons[code]?.what ?? error.message}, write '${file}'`);
  Object.assign(located, { code, path: file });
  return located;
}

/**
 * A one-line `WriteFailed` diagnostic for a file-system error that stopped a build (disk full,
 * quota, read-only, permissions), naming the path as the output folder will have it (not the
 * staging folder's); undefined for any other error, which stays a crash. A permission or I/O
 * error of a call that only reads says so.
 */
export function describeWriteFailure(error: unknown, root: string): Diagnostic | undefined {
  if (!(error instanceof Error)) return undefined;
  const parsed = parseMessage(error.message);
  const errno = error as NodeJS.ErrnoException;
  const code = errno.code ?? parsed?.code;
  const reason = code ? reasons[code] : undefined;
  if (!code || !reason) return undefined;
  const file = errno.path ?? parsed?.file;
  const shown = file ? displayPath(root, outputPathOf(path.resolve(file))) : undefined;
  // Permissions and I/O errors also stop reads (a content file nobody may read).
  const reading = readCalls.has(errno.syscall ?? parsed?.call ?? "");
  const verb = reading ? "could not read" : "could not write";
  return createDiagnostic("WriteFailed", `${verb}: ${reason.what} (${code})`, {
    file: shown,
    phase: "write",
    hint: `${reason.hint}, then build again`,
  });
}

/** System calls that only read. */
const readCalls = new Set(["read", "scandir", "readdir", "stat", "lstat", "readlink", "realpath"]);

/** `ENOSPC: no space left on device, write '/a/b'` or `..., copyfile '/a' -> '/b'`. */
function parseMessage(
  message: string,
): { code: string; call: string; file?: string | undefined } | undefined {
  const match = /^([A-Z][A-Z0-9]+): [^,]*, (\w+)(?: '([^']*)'(?: -> '([^']*)')?)?/.exec(message);
  if (!match) return undefined;
  return { code: match[1] as string, call: match[2] as string, file: match[4] ?? match[3] };
}
