import { describe, expect, it } from "vitest";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { renderWithinBudget } from "../../src/markdown/render-within-budget.js";

const renderer = createMarkdownRenderer({ embedsAllow: [] });
const source = (name: string, body: string) => ({
  file: `content/articles/${name}.md`,
  body,
  bodyLine: 6,
});

describe("rendering in this thread within a time budget", () => {
  it("stops only the body that overruns, after giving it the whole budget to itself", () => {
    const started = performance.now();
    const results = renderWithinBudget(
      renderer,
      [
        source("before", "A *fine* paragraph."),
        // Tens of seconds of parsing, far past the budget.
        source("slow", "*a".repeat(60_000)),
        source("after", 'And "another" one.'),
      ],
      400,
    );
    const elapsed = performance.now() - started;
    expect(results.map((result) => result.messages.map((m) => `${m.code}:${m.line}`))).toEqual([
      [],
      ["MarkdownTooComplex:6"],
      [],
    ]);
    expect(results[0]?.html).toBe("<p>A <em>fine</em> paragraph.</p>");
    expect(results[2]?.html).toBe("<p>And \u201Canother\u201D one.</p>");
    // The slow body had the budget once in the run with the first one, then once alone.
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("leaves this thread usable after stopping a render", () => {
    renderWithinBudget(renderer, [source("slow", "*a".repeat(60_000))], 200);
    const [again] = renderWithinBudget(renderer, [source("fine", "## Still *here*")], 5_000);
    expect(again?.html).toBe('<h2 id="still-here">Still <em>here</em></h2>');
  });
});
