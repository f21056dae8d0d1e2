import { defaultLockWaitSeconds } from "../write/build-lock.js";

/**
 * The milliseconds `--wait [SECONDS]` allows for another build of the same output folder or cache
 * to finish: 0 without the option (fail at once), {@link defaultLockWaitSeconds} seconds for a
 * bare `--wait`, else the whole number of seconds given (at most a day: a wait is always bounded).
 */
export function parseWait(value: unknown): number | { readonly error: string } {
  if (value === undefined || value === false) return 0;
  if (value === true || value === "") return defaultLockWaitSeconds * 1000;
  const text = String(value);
  if (!/^\d{1,5}$/.test(text) || Number(text) > 86_400) {
    return {
      error: `--wait "${text}" is not a number of seconds (hint: --wait 120, or --wait alone for ${defaultLockWaitSeconds} s)`,
    };
  }
  return Number(text) * 1000;
}
