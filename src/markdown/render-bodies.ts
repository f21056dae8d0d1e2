import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import type { BodyInfo } from "../cache/body-info.js";
import type { BodyStore } from "../cache/body-store.js";
import { engineVersion } from "../cache/engine-version.js";
import { hashKey } from "../cache/hash.js";
import { createWorkerPool } from "../workers/worker-pool.js";
import { defaultBodyLimits } from "./body-limits.js";
import type { MarkdownOptions } from "./create-markdown-processor.js";
import type { BodyJob } from "./markdown-worker.js";
import type { RenderedBody } from "./render-markdown.js";
import { renderWithinBudget, tooComplexBody } from "./render-within-budget.js";
import { createRenderWatchdog, type RenderWatchdog } from "./watch-render-budget.js";

/** A source whose Markdown body the build renders. */
export interface BodySourceRef {
  readonly file: string;
  readonly absPath: string;
  /** SHA-256 of the whole file. */
  readonly hash: string;
  readonly bodyOffset: number;
  readonly bodyLine: number;
}

/** What the Markdown phase needs. */
export interface MarkdownPhaseInput {
  readonly sources: readonly BodySourceRef[];
  readonly options: MarkdownOptions;
  readonly store: BodyStore;
  /** Facts about bodies rendered by earlier builds, by key. */
  readonly known: { get(key: string): BodyInfo | undefined };
  /** Worker threads to use; 0 renders in this thread. Default: the number of cores. */
  readonly threads?: number | undefined;
}

/** The Markdown phase's result: body facts by key, and how much work it did. */
export interface MarkdownPhaseResult {
  readonly keys: ReadonlyMap<string, string>;
  readonly infos: ReadonlyMap<string, BodyInfo>;
  readonly rendered: number;
  readonly reused: number;
}

/** Fewer bodies than this render in-process: starting threads would cost more than it saves. */
const poolThreshold = 48;
const batchSize = 16;

/**
 * The key of a rendered body: the engine version, the Markdown options, the file and where the
 * body is in it with these exact bytes. Anything that could change the HTML is in it, and no two
 * files share one, so a body can be removed when its file changes.
 */
export function bodyKey(source: BodySourceRef, options: MarkdownOptions): string {
  return hashKey(
    "body",
    engineVersion,
    options,
    source.file,
    source.hash,
    source.bodyOffset,
    source.bodyLine,
  );
}

/**
 * Renders every body that the cache does not already hold, on a worker pool sized to the cores,
 * writing each HTML to the body store as it arrives: memory holds body facts, never all bodies.
 */
export async function renderBodies(input: MarkdownPhaseInput): Promise<MarkdownPhaseResult> {
  const keys = new Map<string, string>();
  const infos = new Map<string, BodyInfo>();
  const jobs: BodyJob[] = [];
  const queued = new Set<string>();
  for (const source of input.sources) {
    const key = bodyKey(source, input.options);
    keys.set(source.file, key);
    const known = input.known.get(key);
    if (known && input.store.has(key)) {
      infos.set(key, known);
    } else if (!queued.has(key)) {
      queued.add(key);
      jobs.push({
        key,
        file: source.file,
        absPath: source.absPath,
        bodyOffset: source.bodyOffset,
        bodyLine: source.bodyLine,
      });
    }
  }
  const reused = infos.size;
  const batches: BodyJob[][] = [];
  for (let i = 0; i < jobs.length; i += batchSize) batches.push(jobs.slice(i, i + batchSize));

  const threads = input.threads ?? availableParallelism();
  const budgetMs = budgetOf(input.options);
  const pool =
    jobs.length >= poolThreshold && threads > 0
      ? await createWorkerPool(new URL("./markdown-worker.js", import.meta.url), threads)
      : undefined;
  const watchdog = pool && createRenderWatchdog(budgetMs);
  const run = (batch: readonly BodyJob[]) =>
    pool && watchdog
      ? renderInPool(pool, watchdog, batch, input.options)
      : renderInThread(batch, input.options);
  const settle = async (batch: readonly BodyJob[]) => {
    const results = await run(batch);
    for (const [index, job] of batch.entries()) {
      const body = results[index] as RenderedBody;
      await input.store.write(job.key, body.html);
      infos.set(job.key, {
        images: [...body.images],
        links: [...body.links],
        directives: [...body.directives],
        messages: [...body.messages],
      });
    }
  };
  try {
    // The pool takes every batch at once and queues them; in this thread one batch at a time,
    // so that no more than a batch of bodies is read ahead of rendering.
    if (pool) await Promise.all(batches.map(settle));
    else for (const batch of batches) await settle(batch);
  } finally {
    await pool?.destroy();
  }
  return { keys, infos, rendered: jobs.length, reused };
}

/**
 * Renders one body again, in this thread, when its cached HTML turned out to be missing or
 * damaged at the moment a page needed it; the fresh HTML replaces the damaged entry.
 */
export async function recoverBody(
  source: BodySourceRef,
  options: MarkdownOptions,
  store: BodyStore,
): Promise<string> {
  const key = bodyKey(source, options);
  const [body] = await renderInThread(
    [
      {
        key,
        file: source.file,
        absPath: source.absPath,
        bodyOffset: source.bodyOffset,
        bodyLine: source.bodyLine,
      },
    ],
    options,
  );
  const html = body?.html ?? "";
  await store.write(key, html);
  return html;
}

function budgetOf(options: MarkdownOptions): number {
  return (options.limits ?? defaultBodyLimits).renderMs;
}

/**
 * Renders bodies in this thread (`--threads 0`, small sites, recovery), each within the time
 * budget: the same limit as in a worker, enforced by interrupting this thread's script.
 */
async function renderInThread(
  jobs: readonly BodyJob[],
  options: MarkdownOptions,
): Promise<RenderedBody[]> {
  // The Markdown processor loads with the first body this process renders: a build that changed
  // no body never loads it.
  const { readBodySource, rendererFor } = await import("./markdown-worker.js");
  const sources = await Promise.all(jobs.map(readBodySource));
  return renderWithinBudget(rendererFor(options), sources, budgetOf(options));
}

/**
 * Renders a batch on a worker thread. A body that overruns the budget stops the worker (the pool
 * starts a fresh one) and is reported `MarkdownTooComplex`; the batch's other bodies, whose
 * results went with the worker, are sent again.
 */
async function renderInPool(
  pool: Piscina,
  watchdog: RenderWatchdog,
  jobs: readonly BodyJob[],
  options: MarkdownOptions,
): Promise<RenderedBody[]> {
  const results: RenderedBody[] = [];
  let pending = jobs.map((_, index) => index);
  while (pending.length > 0) {
    const progress = new Int32Array(new SharedArrayBuffer(4));
    const controller = new AbortController();
    const unwatch = watchdog.watch(progress, () => controller.abort());
    const batch = pending.map((index) => jobs[index] as BodyJob);
    try {
      const rendered = (await pool.run(
        { jobs: batch, options, progress },
        { signal: controller.signal },
      )) as RenderedBody[];
      for (const [position, index] of pending.entries()) {
        results[index] = rendered[position] as RenderedBody;
      }
      pending = [];
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      const stopped = Atomics.load(progress, 0) - 1;
      const index = pending[stopped] as number;
      results[index] = tooComplexBody((jobs[index] as BodyJob).bodyLine, budgetOf(options));
      pending = pending.filter((_, position) => position !== stopped);
    } finally {
      unwatch();
    }
  }
  return results;
}
