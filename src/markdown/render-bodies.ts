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

/** What the Markdown phase needs besides its bodies (given to {@link BodyRendering}). */
export interface MarkdownPhaseInput {
  readonly options: MarkdownOptions;
  readonly store: BodyStore;
  /** Facts about bodies rendered by earlier builds, by key. */
  readonly known: { get(key: string): BodyInfo | undefined };
  /** Worker threads to use; 0 renders in this thread. Default: the number of cores. */
  readonly threads?: number | undefined;
}

/** The Markdown phase's result: body facts by key, and how much work it did. */
export interface MarkdownPhaseResult {
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

/** Bodies given as they become known, rendered meanwhile (see {@link startBodyRendering}). */
export interface BodyRendering {
  /** A body to render, unless the cache holds it: on the pool as soon as a batch is full. */
  add(source: BodySourceRef): void;
  /** Adds `sources` too, renders every body left and waits for them all. */
  finish(sources: readonly BodySourceRef[]): Promise<MarkdownPhaseResult>;
  /** Stops the worker pool: after {@link finish}, or when the build stopped before it. */
  close(): Promise<void>;
}

/**
 * Renders every body that the cache does not already hold, on a worker pool sized to the cores,
 * writing each HTML to the body store as it arrives: memory holds body facts, never all bodies.
 * The phase starts before every body to render is known: a first build gives each body as
 * its article is loaded and found to be in the build, and the pool renders full batches
 * while the rest of the archive loads, on the cores that loading leaves idle. Until
 * {@link poolThreshold} bodies are known nothing is rendered: a small change renders in this
 * thread, in {@link BodyRendering.finish}, as before. A body is rendered once, however often
 * it is given; the result does not depend on when bodies were given.
 */
export function startBodyRendering(input: MarkdownPhaseInput): BodyRendering {
  const infos = new Map<string, BodyInfo>();
  const queued = new Set<string>();
  let reused = 0;
  /** Bodies queued and not yet sent to the pool. */
  let waiting: BodyJob[] = [];
  const running: Promise<void>[] = [];
  const threads = input.threads ?? availableParallelism();
  const budgetMs = budgetOf(input.options);
  let pool: Promise<Piscina> | undefined;
  let watchdog: RenderWatchdog | undefined;

  const keep = async (batch: readonly BodyJob[], results: readonly RenderedBody[]) => {
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
  const send = (batch: readonly BodyJob[]) => {
    pool ??= createWorkerPool(new URL("./markdown-worker.js", import.meta.url), threads);
    watchdog ??= createRenderWatchdog(budgetMs);
    const dog = watchdog;
    const settled = pool.then(async (started) =>
      keep(batch, await renderInPool(started, dog, batch, input.options)),
    );
    // Awaited in finish, with the others; until then a failure must not count as unhandled.
    settled.catch(() => {});
    running.push(settled);
  };
  /** Sends full batches, or with `all` every body waiting, once the pool is worth its start. */
  const dispatch = (all: boolean) => {
    if (threads === 0 || queued.size < poolThreshold) return;
    let sent = 0;
    for (; waiting.length - sent >= (all ? 1 : batchSize); sent += batchSize)
      send(waiting.slice(sent, sent + batchSize));
    if (sent > 0) waiting = waiting.slice(sent);
  };
  const add = (source: BodySourceRef) => {
    const key = bodyKey(source, input.options);
    const known = input.known.get(key);
    if (known && input.store.has(key)) {
      if (!infos.has(key)) reused++;
      infos.set(key, known);
    } else if (!queued.has(key)) {
      queued.add(key);
      waiting.push({
        key,
        file: source.file,
        absPath: source.absPath,
        bodyOffset: source.bodyOffset,
        bodyLine: source.bodyLine,
      });
    }
  };

  return {
    add(source) {
      add(source);
      dispatch(false);
    },
    async finish(sources) {
      for (const source of sources) add(source);
      dispatch(true);
      // In this thread one batch at a time, so that no more than a batch of bodies is read
      // ahead of rendering.
      for (let i = 0; i < waiting.length; i += batchSize) {
        const batch = waiting.slice(i, i + batchSize);
        await keep(batch, await renderInThread(batch, input.options));
      }
      waiting = [];
      await Promise.all(running);
      return { infos, rendered: queued.size, reused };
    },
    async close() {
      const started = pool;
      pool = undefined;
      await (await started?.catch(() => undefined))?.destroy();
    },
  };
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
