import vm from "node:vm";
import type { MarkdownRenderer } from "./create-markdown-processor.js";
import {
  type BodySource,
  failedBody,
  type RenderedBody,
  renderMarkdown,
} from "./render-markdown.js";

// A context of its own, only to run the loop below with a time limit: V8 interrupts whatever
// JavaScript runs when the limit passes, the functions called from the script included.
const context = vm.createContext({ task: undefined as (() => void) | undefined });
const runTask = new vm.Script("task()");

/**
 * Renders bodies one after another in this thread, stopping any one that runs past `budgetMs`
 * (reported as `MarkdownTooComplex`). One time limit covers the run of bodies, since setting one
 * costs a fifth of a millisecond: when it strikes, the body it stopped is judged only if it had
 * the whole budget to itself (it was the first of the run), and otherwise is tried again,
 * first of a new run. So every body gets its full budget, and a slow body costs at most two.
 */
export function renderWithinBudget(
  renderer: MarkdownRenderer,
  sources: readonly BodySource[],
  budgetMs: number,
): RenderedBody[] {
  const results: RenderedBody[] = [];
  let next = 0;
  context.task = () => {
    for (; next < sources.length; next++) {
      results[next] = renderMarkdown(renderer, sources[next] as BodySource);
    }
  };
  try {
    while (next < sources.length) {
      const first = next;
      try {
        runTask.runInContext(context, { timeout: budgetMs });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw error;
        if (results[next] !== undefined) next++;
        else if (next === first) {
          results[next] = tooComplexBody((sources[next] as BodySource).bodyLine, budgetMs);
          next++;
        }
      }
    }
  } finally {
    context.task = undefined;
  }
  return results;
}

/** The result of a body whose rendering was stopped at the time budget. */
export function tooComplexBody(bodyLine: number, budgetMs: number): RenderedBody {
  return failedBody({
    code: "MarkdownTooComplex",
    message: `rendering the body took more than ${budgetMs.toLocaleString("en")} ms, the limit (limits.body.renderMs), and was stopped`,
    hint: "long runs of emphasis markers (* or _), brackets or nested lists make Markdown slow to parse: simplify the body, or raise limits.body.renderMs in the config",
    line: bodyLine,
  });
}
