import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";

/**
 * Starts a pool of `threads` threads running the module `compiled` (the `.js` file beside the
 * caller, as `lib/` has it). From source (tests, tsx) there is no `.js` file: the `.ts` module
 * runs instead, with tsx's loader in each thread.
 */
export function createWorkerPool(compiled: URL, threads: number): Piscina {
  const javascript = fileURLToPath(compiled);
  const filename = existsSync(javascript) ? javascript : javascript.replace(/\.js$/, ".ts");
  return new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    execArgv: filename.endsWith(".ts") ? ["--import", "tsx"] : [],
  });
}
