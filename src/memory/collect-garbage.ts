import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Sites from this many content files up have their garbage collected at the build's phase
 * boundaries and every this many files or pages within a phase.
 */
export const largeSite = 10_000;

let gc: (() => void) | undefined | null = null;

/**
 * Runs a full garbage collection. V8 sizes its heap by how much survives: with the metadata of
 * 100,000 articles alive it lets garbage pile up to several times that before collecting, and
 * the build's peak memory with it. A large build asks for a collection where a phase has just
 * dropped its garbage, which keeps its peak close to what it really holds. Does nothing when
 * the runtime refuses (the build is then only bigger, never wrong).
 */
export function collectGarbage(): void {
  if (gc === null) {
    try {
      // Exposing `gc` this way gives it to new contexts only: never to the site's config or
      // templates, which run in the main context.
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = undefined;
    }
  }
  gc?.();
}

/** Collects every `every` calls (default `largeSite`): for loops over a large site's files or pages. */
export function collectEvery(every: number = largeSite): () => void {
  let count = 0;
  return () => {
    count++;
    if (count % every === 0) collectGarbage();
  };
}

/**
 * Lets the heap grow by a fifth past what survived the last collection before collecting again,
 * instead of V8's default of up to several times: a build holds a large, slowly growing model and
 * makes much short-lived garbage, and the default lets the garbage set the peak (a cold build of
 * 3,000 stories peaked at 395 MB without it, 327 MB with it, in the same time). For the command
 * line's long runs only (`newsdeck build`, `check`, `dev`), where the process is Newsdeck's own.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=20");
}
