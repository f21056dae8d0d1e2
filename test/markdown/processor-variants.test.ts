import fc from "fast-check";
import type { Nodes } from "mdast";
import rehypeRaw from "rehype-raw";
import { type Plugin, type Processor, unified } from "unified";
import { VFile } from "vfile";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createMarkdownProcessor,
  type MarkdownProcessor,
} from "../../src/markdown/create-markdown-processor.js";
import { rehypeRawWherePresent } from "../../src/markdown/rehype-raw-where-present.js";
import { fullSyntax, scanBodySyntax } from "../../src/markdown/scan-body-syntax.js";
import {
  corpusBodies,
  markdownArbitrary,
  type NamedBody,
  sampleSiteBodies,
  specExamples,
} from "./markdown-samples.js";

/**
 * The shortcuts in the processor change no output: a body rendered with only the GFM
 * constructs its characters allow, and without the HTML parser when it has no raw HTML, comes
 * out as it does with every construct and with the parser always run (as every body was before).
 */

const options = { embedsAllow: ["www.youtube.com"] };
const everything = createMarkdownProcessor(options, fullSyntax);

/** The same processor with rehype-raw always run, as before. */
const alwaysRaw = (() => {
  const processor = unified() as unknown as Processor;
  for (const [plugin, ...settings] of everything.attachers) {
    const swapped =
      (plugin as unknown) === rehypeRawWherePresent ? (rehypeRaw as unknown as Plugin) : plugin;
    processor.use(swapped, ...settings);
  }
  return processor.freeze() as unknown as MarkdownProcessor;
})();

/** Everything a rendered body carries: HTML, images, links and messages with their places. */
function render(
  processor: MarkdownProcessor,
  body: string,
  normalize: (html: string) => string = (html) => html,
): string {
  const file = new VFile({ value: body, path: "content/articles/story.md" });
  const html = normalize(String(processor.processSync(file)));
  return JSON.stringify({
    html,
    images: file.data.images,
    links: file.data.links,
    messages: file.messages.map((m) => [m.ruleId, m.reason, m.line, m.column]),
  });
}

function holdsRawHtml(processor: MarkdownProcessor, body: string): boolean {
  const walk = (node: Nodes): boolean =>
    node.type === "html" || ("children" in node && node.children.some(walk));
  return walk(processor.parse(body));
}

/**
 * Where skipping the HTML parser differs on purpose. parse5 drops a line feed right after
 * `<pre>`'s start, and so took the first line of a code block that starts with a blank line;
 * CommonMark (spec example 97: "```\n\n  \n```") and browsers keep it, and so do we now.
 */
const leadingBlankLineOfCode = (html: string) => html.replace(/(<pre><code[^>]*>)\n/g, "$1");

let samples: NamedBody[] = [];
beforeAll(async () => {
  samples = [...(await corpusBodies(100)), ...(await sampleSiteBodies()), ...specExamples()];
});

function expectSame(
  bodies: readonly NamedBody[],
  ours: (body: string) => string,
  reference: (body: string) => string,
): void {
  const differing = bodies.filter(({ body }) => ours(body) !== reference(body));
  const first = differing[0];
  expect(
    differing.map(({ name }) => name).slice(0, 10),
    first && `${first.name}:\n${reference(first.body)}\n${ours(first.body)}`,
  ).toEqual([]);
}

describe("processor variants", () => {
  it("the syntax scan leaves out a construct only where the body cannot use it", () => {
    expect(scanBodySyntax("plain words")).toEqual({
      emailAutolinks: false,
      tables: false,
      directives: false,
    });
    expect(scanBodySyntax("::donate")).toMatchObject({ directives: true });
    // A colon in prose is never a block: only two in a row can start one.
    expect(scanBodySyntax("at 10:30, 3:1, https://x.example")).toMatchObject({
      directives: false,
    });
    expect(scanBodySyntax("write to desk@example.org")).toMatchObject({ emailAutolinks: true });
    expect(scanBodySyntax("| a |\n| - |")).toMatchObject({ tables: true });
    // A one-column table needs no pipe when it is aligned.
    expect(scanBodySyntax("a\n:-")).toMatchObject({ tables: true });
    const html = String(everything.processSync("a\n:-"));
    expect(html).toContain("<table>");
  });

  it("renders bodies with the constructs their syntax allows as with every construct", () => {
    const scanned = (body: string) =>
      render(createMarkdownProcessor(options, scanBodySyntax(body)), body);
    expectSame(samples, scanned, (body) => render(everything, body));
    fc.assert(
      fc.property(markdownArbitrary(), (body) => {
        expect(scanned(body)).toBe(render(everything, body));
      }),
      { numRuns: 1000, seed: 16 },
    );
  });

  it("renders bodies without raw HTML as the HTML parser did, but for code's leading blank line", () => {
    const withoutRaw = samples.filter(({ body }) => !holdsRawHtml(everything, body));
    expect(withoutRaw.length).toBeGreaterThan(500);
    const ours = (body: string) => render(everything, body, leadingBlankLineOfCode);
    expectSame(withoutRaw, ours, (body) => render(alwaysRaw, body));
    fc.assert(
      fc.property(
        markdownArbitrary().filter((body) => !holdsRawHtml(everything, body)),
        (body) => {
          expect(ours(body)).toBe(render(alwaysRaw, body));
        },
      ),
      { numRuns: 1000, seed: 17 },
    );
  });

  it("differs on purpose: a code block keeps its leading blank line", () => {
    const body = "```\n\nfirst line after a blank one\n```";
    expect(String(everything.processSync(body))).toBe(
      "<pre><code>\nfirst line after a blank one\n</code></pre>",
    );
    expect(String(alwaysRaw.processSync(body))).toBe(
      "<pre><code>first line after a blank one\n</code></pre>",
    );
  });

  it("still parses raw HTML where there is some", () => {
    const body = 'Text <span title="x">inline</span>\n\n<div>\n\n**bold**\n\n</div>';
    expect(holdsRawHtml(everything, body)).toBe(true);
    expect(render(everything, body)).toBe(render(alwaysRaw, body));
    expect(String(everything.processSync(body))).toContain('<span title="x">inline</span>');
  });
});
