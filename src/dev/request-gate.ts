import type { ServerResponse } from "node:http";

/**
 * Keeps requests and the swap of the served folder apart: a request that resolved a file must
 * not have that file renamed away before it opens it (sirv stats, then streams).
 */
export interface RequestGate {
  /** Waits while a swap is running, then counts the response as in flight until it closes. */
  enter(response: ServerResponse): Promise<void>;
  /**
   * Holds new requests, waits for those in flight (at most `drainMs`, so a slow download
   * cannot stall the dev loop), runs `work`, then lets requests through again.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** Creates a gate; `drainMs` bounds the wait for requests in flight. */
export function createRequestGate(drainMs = 2000): RequestGate {
  let inFlight = 0;
  let swapping: Promise<void> | undefined;
  let idle: (() => void)[] = [];
  const leave = () => {
    inFlight--;
    if (inFlight > 0) return;
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  };
  const drained = () =>
    new Promise<void>((resolve) => {
      if (inFlight === 0) return resolve();
      const timer = setTimeout(resolve, drainMs);
      idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  return {
    async enter(response) {
      while (swapping) await swapping;
      inFlight++;
      response.once("close", leave);
    },
    async exclusive(work) {
      while (swapping) await swapping;
      let open = () => {};
      swapping = new Promise((resolve) => {
        open = resolve;
      });
      try {
        await drained();
        return await work();
      } finally {
        swapping = undefined;
        open();
      }
    },
  };
}
