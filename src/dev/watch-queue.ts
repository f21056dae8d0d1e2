/** What changed since the last build started: site-relative path to its last event. */
export type ChangeBatch = ReadonlyMap<string, string>;

/** Options of {@link createWatchQueue}. */
export interface WatchQueueOptions {
  /** Quiet time after the last change before a build starts, in milliseconds. */
  readonly debounceMs: number;
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
 * no change is lost; a burst of saves within the debounce window becomes a single build.
 */
export function createWatchQueue(options: WatchQueueOptions): WatchQueue {
  let pending = new Map<string, string>();
  let active: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let waiters: (() => void)[] = [];

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
    timer = setTimeout(start, options.debounceMs);
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
        if (pending.size > 0) schedule();
        notify();
      });
  };

  return {
    add(path, event) {
      if (closed) return;
      pending.delete(path);
      pending.set(path, event);
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
