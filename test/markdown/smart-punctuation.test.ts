import fc from "fast-check";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import remarkSmartypants from "remark-smartypants";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { remarkSmartPunctuation } from "../../src/markdown/remark-smart-punctuation.js";
import {
  corpusBodies,
  markdownArbitrary,
  type NamedBody,
  sampleSiteBodies,
  specExamples,
} from "./markdown-samples.js";

// Both pipelines keep raw HTML as it is, so that any change to it would show.
const withPlugin = (plugin: typeof remarkSmartPunctuation) =>
  unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(plugin)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true })
    .freeze();
const ours = withPlugin(remarkSmartPunctuation);
const reference = withPlugin(remarkSmartypants as unknown as typeof remarkSmartPunctuation);

const render = (processor: typeof ours, markdown: string) =>
  String(processor.processSync(markdown));

/**
 * Where Newsdeck's plugin and remark-smartypants 3.0.3 differ on purpose, each with why. The
 * differential tests below avoid these inputs; this list shows that they are the only ones.
 */
const deliberateDifferences = [
  {
    name: "letters assigned after Unicode 15.0 are letters",
    markdown: "The '\u1C89 case",
    ours: "<p>The \u2018\u1C89 case</p>",
    smartypants: "<p>The \u2019\u1C89 case</p>",
    why:
      "parse-latin's character classes are generated from Unicode 15.0, so it takes a letter " +
      "added later (here U+1C89, Unicode 16) for a symbol and closes the quote before it; we use " +
      "the runtime's Unicode tables, so the quote opens as it does before any other letter",
  },
];

function expectSameAsSmartypants(bodies: readonly NamedBody[]): void {
  const differing = bodies.filter(({ body }) => render(ours, body) !== render(reference, body));
  // The names of the first few, and one rendered both ways, make a failure readable.
  const first = differing[0];
  expect(
    differing.map(({ name }) => name).slice(0, 10),
    first && `${first.name}:\n${render(reference, first.body)}\n${render(ours, first.body)}`,
  ).toEqual([]);
}

describe("typographic punctuation (remarkSmartPunctuation)", () => {
  it("curls quotes across emphasis, links and inline code, and leaves code alone", () => {
    expect(render(ours, `"Hello *world*," she said. "It's [here](/x)."`)).toBe(
      '<p>\u201CHello <em>world</em>,\u201D she said. \u201CIt\u2019s <a href="/x">here</a>.\u201D</p>',
    );
    expect(render(ours, `"\`code\`" and 'quote'`)).toBe(
      "<p>\u201C<code>code</code>\u201D and \u2018quote\u2019</p>",
    );
    expect(render(ours, "```\n\"as 'is'\" -- ...\n```")).toBe(
      "<pre><code>\"as 'is'\" -- ...\n</code></pre>",
    );
    expect(render(ours, "Wait -- what... and . . . the '80s")).toBe(
      "<p>Wait \u2014 what\u2026 and \u2026 the \u201980s</p>",
    );
  });

  it("gives remark-smartypants' output for every body of the benchmark corpus", async () => {
    const bodies = await corpusBodies(120);
    expect(bodies.length).toBeGreaterThan(120);
    expectSameAsSmartypants(bodies);
  });

  it("gives remark-smartypants' output for the sample site's articles, pages and bios", async () => {
    const bodies = await sampleSiteBodies();
    expect(bodies.length).toBeGreaterThan(20);
    expectSameAsSmartypants(bodies);
  });

  it("gives remark-smartypants' output for every example of the CommonMark spec", () => {
    const examples = specExamples();
    expect(examples.length).toBe(652);
    expectSameAsSmartypants(examples);
  });

  it("gives remark-smartypants' output for generated Markdown", () => {
    fc.assert(
      fc.property(markdownArbitrary(), (markdown) => {
        expect(render(ours, markdown)).toBe(render(reference, markdown));
      }),
      { numRuns: 3000, seed: 16 },
    );
  });

  it("gives remark-smartypants' output for generated runs of punctuation and letters", () => {
    const characters = fc.constantFrom(
      ..."ab A.'\"-`!?,;:&/()[]*_\n1é\u00A0\u2019\u201C\u2026\u2003".split(""),
      "😀",
    );
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 60 }), (list) => {
        const markdown = list.join("");
        expect(render(ours, markdown)).toBe(render(reference, markdown));
      }),
      { numRuns: 3000, seed: 22 },
    );
  });

  it.each(deliberateDifferences)("differs on purpose: $name", (difference) => {
    expect(difference.why.length).toBeGreaterThan(0);
    expect(render(ours, difference.markdown)).toBe(difference.ours);
    expect(render(reference, difference.markdown)).toBe(difference.smartypants);
  });
});
