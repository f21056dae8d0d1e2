import { hostname } from "node:os";
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { displayPath } from "./display-path.js";
import { acquireLock, type HeldLock, LockBusyError, type LockOwner } from "./lock-file.js";

/** How a build takes its turn with the output folder and the build cache. */
export interface BuildLockOptions {
  /** How long to wait for another build to finish, in milliseconds; default 0: fail at once. */
  readonly waitMs?: number | undefined;
  /** Told once, in one line, when the build starts waiting. */
  readonly onWait?: ((message: string) => void) | undefined;
}

/** The locks one build holds until it ends. */
export interface BuildLocks {
  /** Releases every lock; safe to call more than once. */
  release(): void;
}

/** How long a bare `--wait`, and a `newsdeck dev` rebuild, wait for another build at most. */
export const defaultLockWaitSeconds = 600;

/**
 * How long a build waits, at least, for a `newsdeck dev` rebuild that holds a lock: dev holds
 * the cache only while it rebuilds (usually well under a second), so a writer's `npm run build`
 * beside it waits its turn instead of failing.
 */
const devRebuildGraceMs = 60_000;

/** The lock file of an output folder: beside it, where its staging folders are. */
export function outputLockFile(outDir: string): string {
  return path.join(path.dirname(outDir), `.newsdeck-lock-${path.basename(outDir)}`);
}

/** The lock file of a build cache folder. */
export function cacheLockFile(cacheDir: string): string {
  return path.join(cacheDir, "lock");
}

/**
 * Takes the locks of a build that writes `outDir` and `cacheDir`, the cache first (every build
 * takes them in this order, so two cannot each hold one and wait for the other). A build that
 * finds one held waits up to `waitMs` (and for a `newsdeck dev` rebuild at least
 * {@link devRebuildGraceMs}), then gives up with a `BuildLocked` diagnostic naming the holder.
 * A lock left by a build that died is taken over (see `acquireLock`). `preview` marks the
 * locks as a dev rebuild's.
 */
export async function lockBuild(options: {
  readonly root: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly preview?: boolean | undefined;
  readonly lock?: BuildLockOptions | undefined;
}): Promise<BuildLocks | Diagnostic> {
  const waitMs = options.lock?.waitMs ?? 0;
  const shown = (folder: string) => `${displayPath(options.root, folder)}/`;
  const targets = [
    { file: cacheLockFile(options.cacheDir), what: `the build cache ${shown(options.cacheDir)}` },
    { file: outputLockFile(options.outDir), what: `the output folder ${shown(options.outDir)}` },
  ];
  const held: HeldLock[] = [];
  const release = () => {
    for (const lock of held.reverse()) lock.release();
  };
  for (const target of targets) {
    try {
      held.push(
        await acquireLock(target.file, {
          purpose: options.preview ? "dev" : "build",
          waitMs: (owner) =>
            owner?.purpose === "dev" ? Math.max(waitMs, devRebuildGraceMs) : waitMs,
          onWait: (owner) =>
            options.lock?.onWait?.(
              `waiting for ${describeOwner(owner)} to finish with ${target.what}`,
            ),
        }),
      );
    } catch (error) {
      release();
      if (!(error instanceof LockBusyError)) throw error;
      return createDiagnostic(
        "BuildLocked",
        `${target.what} is in use by ${describeOwner(error.owner)}`,
        {
          file: displayPath(options.root, target.file),
          phase: "write",
          hint:
            waitMs > 0
              ? `it was still at work after ${Math.round(waitMs / 1000)} s; wait longer with --wait SECONDS`
              : "wait for it to finish, or run with --wait [SECONDS] to wait for it",
        },
      );
    }
  }
  return { release };
}

/** `pid 4242 (newsdeck.js build --root site, started 2026-11-28T10:00:00.000Z)`, and the host when it is another. */
function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return "another process";
  const what = owner.purpose === "dev" ? "a newsdeck dev rebuild, " : "";
  const elsewhere = owner.host === hostname() ? "" : ` on ${owner.host}`;
  return `pid ${owner.pid}${elsewhere} (${what}${owner.command}, started ${owner.started})`;
}
