import { parseIsoDate } from "../site/time.js";

/**
 * The build time from `--now` (ISO 8601; without an offset it is UTC), or the machine's clock
 * when absent: the only place Newsdeck reads the current time.
 */
export function parseNow(value: string | undefined): number | { readonly error: string } {
  if (value === undefined) return Date.now();
  const parsed = parseIsoDate(String(value), "UTC");
  if (parsed.ok) return parsed.epochMs;
  return { error: `--now "${value}" is not an ISO 8601 date (hint: ${parsed.hint})` };
}
