import { performance } from "node:perf_hooks";

/** Watches batches rendering in worker threads, and stops one whose body overruns. */
export interface RenderWatchdog {
  /**
   * Watches a batch: `progress[0]` is the number of bodies its worker has started; `stop` is
   * called once when one body has been rendering for the whole budget. Returns the unwatch.
   */
  watch(progress: Int32Array, stop: () => void): () => void;
}

interface Watched {
  readonly progress: Int32Array;
  readonly stop: () => void;
  started: number;
  since: number;
}

/**
 * A watchdog on the build's thread that looks at every batch in flight a few times per budget.
 * A body is timed from when the watchdog first sees it started, so it gets its budget and at
 * most one look more; the look costs an atomic read per batch.
 */
export function createRenderWatchdog(budgetMs: number): RenderWatchdog {
  const watched = new Set<Watched>();
  const interval = Math.max(10, Math.min(250, Math.floor(budgetMs / 4)));
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    const now = performance.now();
    for (const batch of watched) {
      const started = Atomics.load(batch.progress, 0);
      if (started !== batch.started) {
        batch.started = started;
        batch.since = now;
      } else if (started > 0 && now - batch.since >= budgetMs) {
        watched.delete(batch);
        batch.stop();
      }
    }
  };
  return {
    watch(progress, stop) {
      const batch: Watched = { progress, stop, started: 0, since: 0 };
      watched.add(batch);
      timer ??= setInterval(look, interval);
      return () => {
        watched.delete(batch);
        if (watched.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}
