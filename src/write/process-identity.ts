import { readFileSync } from "node:fs";

/**
 * When process `pid` started, as the kernel counts it (clock ticks since boot, field 22 of
 * `/proc/<pid>/stat`): with the pid, it names one process even after the pid is reused.
 * Undefined where there is no `/proc` (macOS) or no such process.
 */
export function processStartTime(pid: number): string | undefined {
  return readStat(pid)?.startTime;
}

/**
 * Whether `pid` is a running process, and the same one that started at `startTime` when that is
 * known: a lock or a staging folder whose process has died, or whose pid now belongs to another
 * process, is a leftover. A zombie (exited, not yet reaped) counts as dead.
 */
export function isProcessRunning(pid: number, startTime?: string): boolean {
  // 0 and negative pids would signal process groups.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = readStat(pid);
  if (!stat) return true;
  if (stat.state === "Z" || stat.state === "X") return false;
  return startTime === undefined || stat.startTime === startTime;
}

function readStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : undefined;
}
