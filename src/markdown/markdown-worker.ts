import { readFile } from "node:fs/promises";
import {
  createMarkdownProcessor,
  type MarkdownOptions,
  type MarkdownProcessor,
} from "./create-markdown-processor.js";
import { type RenderedBody, renderMarkdown } from "./render-markdown.js";

/** One body to render: where it is in which file. */
export interface BodyJob {
  readonly key: string;
  readonly file: string;
  readonly absPath: string;
  readonly bodyOffset: number;
  readonly bodyLine: number;
}

/** A batch of bodies for one worker call. */
export interface BodyBatch {
  readonly jobs: readonly BodyJob[];
  readonly options: MarkdownOptions;
}

const processors = new Map<string, MarkdownProcessor>();

/**
 * Renders a batch of bodies: reads each file, renders its body, returns plain data. Runs in a
 * worker thread (piscina) or in-process; the processor is built once per thread and options.
 */
export default async function renderBodyBatch(batch: BodyBatch): Promise<RenderedBody[]> {
  const optionsKey = JSON.stringify(batch.options);
  let processor = processors.get(optionsKey);
  if (!processor) {
    processor = createMarkdownProcessor(batch.options);
    processors.set(optionsKey, processor);
  }
  const results: RenderedBody[] = [];
  for (const job of batch.jobs) {
    const text = await readFile(job.absPath, "utf8");
    results.push(
      await renderMarkdown(processor, {
        file: job.file,
        body: text.slice(job.bodyOffset),
        bodyLine: job.bodyLine,
      }),
    );
  }
  return results;
}
