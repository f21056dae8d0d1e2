import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { isProcessRunning } from "../write/process-identity.js";

/**
 * Removes the temporary files in `dir` that a process which has since died left behind (killed
 * between writing one and renaming it into place): those whose name is `prefix` followed by
 * what `rest` matches, which captures the writer's pid, and its start time when the name carries
 * one ("0" for unknown). A live process's file, or one whose pid cannot be told dead, is left.
 */
export function removeDeadTemporaries(dir: string, prefix: string, rest: RegExp): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder: nothing was left
  }
  for (const name of names) {
    const match = name.startsWith(prefix) ? rest.exec(name.slice(prefix.length)) : null;
    if (!match) continue;
    const startTime = match[2] === "0" ? undefined : match[2];
    if (!isProcessRunning(Number(match[1]), startTime))
      rmSync(path.join(dir, name), { force: true });
  }
}
