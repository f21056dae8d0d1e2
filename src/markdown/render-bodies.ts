import { availableParallelism } from "node:os";
import type { BodyInfo } from "../cache/body-info.js";
import type { BodyStore } from "../cache/body-store.js";
import { engineVersion } from "../cache/engine-version.js";
import { hashKey } from "../cache/hash.js";
import { createWorkerPool } from "../workers/worker-pool.js";
import type { MarkdownOptions } from "./create-markdown-processor.js";
import renderBodyBatch, { type BodyBatch, type BodyJob } from "./markdown-worker.js";
import type { RenderedBody } from "./render-markdown.js";

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
  const pool =
    jobs.length >= poolThreshold && threads > 0
      ? createWorkerPool(new URL("./markdown-worker.js", import.meta.url), threads)
      : undefined;
  const run = (batch: BodyBatch) =>
    pool ? (pool.run(batch) as Promise<RenderedBody[]>) : renderBodyBatch(batch);
  try {
    await Promise.all(
      batches.map(async (batch) => {
        const results = await run({ jobs: batch, options: input.options });
        for (const [index, job] of batch.entries()) {
          const body = results[index] as RenderedBody;
          await input.store.write(job.key, body.html);
          infos.set(job.key, {
            images: [...body.images],
            links: [...body.links],
            messages: [...body.messages],
          });
        }
      }),
    );
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
  const [body] = await renderBodyBatch({
    jobs: [
      {
        key,
        file: source.file,
        absPath: source.absPath,
        bodyOffset: source.bodyOffset,
        bodyLine: source.bodyLine,
      },
    ],
    options,
  });
  const html = body?.html ?? "";
  await store.write(key, html);
  return html;
}
