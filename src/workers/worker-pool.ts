import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Piscina } from "piscina";

/**
 * Starts a pool of `threads` threads running the module `compiled` (the `.js` file beside the
 * caller, as `lib/` has it). From source (tests, tsx) there is no `.js` file: the `.ts` module
 * runs instead, with tsx's loader in each thread. Piscina loads with the first pool: a build
 * that renders a handful of pages in this thread never loads it.
 */
export async function createWorkerPool(compiled: URL, threads: number): Promise<Piscina> {
  const { Piscina } = await import("piscina");
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
