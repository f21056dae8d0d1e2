import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Whether the module at `moduleUrl` (pass `import.meta.url`) is the script Node or tsx was asked
 * to run, so a file can be both an importable module and a command-line tool. Paths are compared
 * after resolving symlinks because the work tree may be reached through one.
 */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) {
    return false;
  }
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(entry);
  } catch {
    // The entry is not a file on disk (a REPL, `node -e`): nothing was run as a script.
    return false;
  }
}
