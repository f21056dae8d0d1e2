/** What changed since the last build started: site-relative path to its last event. */
export type ChangeBatch = ReadonlyMap<string, string>;

/** Options of {@link createWatchQueue}. */
export interface WatchQueueOptions {
  /**
   * Quiet time after the last change before a build starts, in milliseconds, while saves come
   * in a row (a change during a build, or soon after one).
   */
  readonly debounceMs: number;
  /**
   * Quiet time before the build of a change that comes after a pause (default the smaller of 20
   * and `debounceMs`): long enough for the events of one save (an editor's write and rename, a
   * truncate and a write) to arrive together, short enough not to keep the writer waiting.
   */
  readonly settleMs?: number | undefined;
  /** Runs one build for a batch of changes. A rejection is the caller's to report; it never stops the queue. */
  readonly run: (batch: ChangeBatch) => Promise<void>;
}

/** Collects changes and runs builds one at a time. */
export interface WatchQueue {
  /** Records a change (a later event for the same path replaces the earlier one). */
  add(path: string, event: string): void;
  /** Resolves once no build is running, none is waiting for its debounce, and nothing is pending. */
  settled(): Promise<void>;
  /** Stops scheduling builds and waits for the running one, if any. */
  close(): Promise<void>;
}

/**
 * Eleventy's watch queue: one active build and one pending set. A change during a build lands
 * in the pending set and triggers exactly one more build after it, so builds never overlap and
 * no change is lost; a burst of saves within the debounce window becomes a single build. A
 * change after a pause builds as soon as its save has settled.
 */
export function createWatchQueue(options: WatchQueueOptions): WatchQueue {
  let pending = new Map<string, string>();
  let active: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let waiters: (() => void)[] = [];
  const settleMs = options.settleMs ?? Math.min(20, options.debounceMs);
  let lastBuildEnd = Number.NEGATIVE_INFINITY;
  // The first change after a pause waits only for its save to settle.
  let settling = false;

  const isSettled = () => !active && !timer && pending.size === 0;
  const notify = () => {
    if (!isSettled()) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const schedule = () => {
    if (closed || active) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(start, settling ? settleMs : options.debounceMs);
  };
  const start = () => {
    timer = undefined;
    if (closed || active || pending.size === 0) return notify();
    const batch = pending;
    pending = new Map();
    active = options
      .run(batch)
      .catch(() => {})
      .finally(() => {
        active = undefined;
        lastBuildEnd = performance.now();
        settling = false;
        if (pending.size > 0) schedule();
        notify();
      });
  };

  return {
    add(path, event) {
      if (closed) return;
      pending.delete(path);
      pending.set(path, event);
      if (!active && !timer) settling = performance.now() - lastBuildEnd >= options.debounceMs;
      schedule();
    },
    settled() {
      if (isSettled() || closed) return active ?? Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
      await active;
      notify();
    },
  };
}
