import { randomUUID } from "node:crypto";
import {
  linkSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { removeDeadTemporaries } from "../files/remove-dead-temporaries.js";
import { isProcessRunning, processStartTime } from "./process-identity.js";

/** Who holds a lock: what its file says. */
export interface LockOwner {
  readonly pid: number;
  /** The kernel's start time of `pid` (see `processStartTime`), where there is a `/proc`. */
  readonly startTime?: string | undefined;
  readonly host: string;
  /** When the lock was taken, ISO 8601. */
  readonly started: string;
  /** The holder's command line, shortened. */
  readonly command: string;
  /** What the holder does with it, for the waiting side: `build`, or `dev` for one rebuild. */
  readonly purpose: string;
  /** Unique per acquisition: a holder releases only its own lock. */
  readonly token: string;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock file, if it is still this holder's. Safe to call more than once. */
  release(): void;
}

/** The lock stayed busy for as long as the caller would wait. */
export class LockBusyError extends Error {
  readonly file: string;
  /** Undefined when the lock file could not be read (it was being replaced). */
  readonly owner: LockOwner | undefined;
  constructor(file: string, owner: LockOwner | undefined) {
    super(`${file} is held by ${owner ? `pid ${owner.pid}` : "another process"}`);
    this.name = "LockBusyError";
    this.file = file;
    this.owner = owner;
  }
}

/** Options of {@link acquireLock}. */
export interface AcquireOptions {
  /** Recorded in the lock for whoever waits (`build`, `dev`). */
  readonly purpose: string;
  /** How long to wait for a live holder, in milliseconds, given who it is; 0 fails at once. */
  readonly waitMs: (owner: LockOwner | undefined) => number;
  /** Called once, when the lock is busy and the caller starts waiting. */
  readonly onWait?: ((owner: LockOwner | undefined) => void) | undefined;
  /** Time between looks at a busy lock. */
  readonly pollMs?: number | undefined;
}

/**
 * A lock file that a second run cannot take while a first one holds it, and that a dead
 * holder cannot keep. The file is written whole beside the lock and then hard-linked to its name,
 * which fails when the name exists: no reader ever sees half a lock, and two runs never both
 * succeed. A lock whose holder died (its pid is gone, or now names another process: the start
 * time in `/proc` differs) is stale and taken over; takeovers pass through a second, short-lived
 * lock file, so two runs that find the same stale lock cannot both take it. A holder on another
 * machine (a shared folder) is never judged dead from here.
 */
export async function acquireLock(file: string, options: AcquireOptions): Promise<HeldLock> {
  // A folder made only to hold the lock (the first build's cache folder) goes with it, if empty:
  // a build that fails leaves nothing behind.
  const made = mkdirSync(path.dirname(file), { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    started: new Date().toISOString(),
    command: describeCommand(),
    purpose: options.purpose,
    token: randomUUID(),
  };
  const text = `${JSON.stringify(owner)}\n`;
  // Named by its process, like a staging folder: one left by a run killed while it wrote it is
  // told from a live run's, and removed.
  const temp = `${file}.${process.pid}.${owner.startTime ?? "0"}.${owner.token.slice(0, 8)}.tmp`;
  removeDeadTemporaries(
    path.dirname(file),
    `${path.basename(file)}.`,
    /^(\d+)\.(\d+)\.[0-9a-f]{8}\.tmp$/,
  );
  const begun = Date.now();
  let waiting = false;
  try {
    try {
      writeFileSync(temp, text);
    } catch (error) {
      // A holder that made the folder removed it, empty, as this run was about to write.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(temp, text);
    }
    for (;;) {
      if (create(temp, file, text)) return held(file, owner, made);
      const current = readLock(file);
      if (current === undefined) continue; // released meanwhile: try again at once
      const holder = parseOwner(current);
      if (isStale(file, holder)) {
        // Another run taking it over at the same moment holds the guard for microseconds.
        if (!takeOver(file, current, text)) await sleep(20);
        continue;
      }
      if (Date.now() - begun >= options.waitMs(holder)) throw new LockBusyError(file, holder);
      if (!waiting) options.onWait?.(holder);
      waiting = true;
      await sleep(options.pollMs ?? 200);
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The holder named in a lock file, or undefined when there is none or it cannot be read. */
export function readLockOwner(file: string): LockOwner | undefined {
  const text = readLock(file);
  return text === undefined ? undefined : parseOwner(text);
}

/** Creates the lock from the complete temporary file; false when it exists. */
function create(temp: string, file: string, text: string): boolean {
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // File systems without hard links: exclusive create, then write (a reader may briefly see
    // it empty, which counts as held, see isStale).
    try {
      writeFileSync(file, text, { flag: "wx" });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallback;
    }
  }
}

function held(file: string, owner: LockOwner, made: string | undefined): HeldLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    if (parseOwner(readLock(file) ?? "")?.token !== owner.token) return;
    rmSync(file, { force: true });
    if (made) removeEmptyUpTo(path.dirname(file), made);
  };
  // A run that ends without releasing (process.exit) leaves no lock; a killed one leaves a
  // stale lock, which the next run takes over.
  process.on("exit", release);
  return { file, owner, release };
}

/** A file whose holder cannot be read and that is older than this was abandoned mid-write. */
const unreadableAfterMs = 10_000;

function isStale(file: string, holder: LockOwner | undefined): boolean {
  if (!holder) return ageMs(file) > unreadableAfterMs;
  if (holder.host !== hostname()) return false;
  return !isProcessRunning(holder.pid, holder.startTime);
}

/**
 * Removes a stale lock, once: only the run that creates `<lock>.takeover` may, and only if the
 * lock still holds what was judged stale (another run may have taken it over and released it,
 * and a third taken it, in the meantime). False when another run holds the guard.
 */
function takeOver(file: string, stale: string, text: string): boolean {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another run is taking over; its guard lives for microseconds unless that run died.
    if (ageMs(guard) > unreadableAfterMs) rmSync(guard, { force: true });
    return false;
  }
  try {
    if (readLock(file) === stale) rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Removes `folder` and its parents up to `top` while they are empty (another run may be using them). */
function removeEmptyUpTo(folder: string, top: string): void {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top || path.dirname(current) === current) return;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof value.pid === "number" &&
      typeof value.host === "string" &&
      typeof value.token === "string"
    ) {
      return {
        pid: value.pid,
        startTime: typeof value.startTime === "string" ? value.startTime : undefined,
        host: value.host,
        started: String(value.started ?? ""),
        command: String(value.command ?? ""),
        purpose: String(value.purpose ?? "build"),
        token: value.token,
      };
    }
  } catch {
    // Not a lock this program wrote.
  }
  return undefined;
}

function ageMs(file: string): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? Date.now() - stat.mtimeMs : 0;
}

/** `newsdeck.js build --root site`: the script's name and its arguments, at most 200 characters. */
function describeCommand(): string {
  const [, script = "node", ...args] = process.argv;
  const command = [path.basename(script), ...args].join(" ");
  return command.length > 200 ? `${command.slice(0, 197)}...` : command;
}
