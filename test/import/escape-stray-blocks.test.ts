import { describe, expect, it } from "vitest";
import { escapeStrayBlocks } from "../../src/import/convert/escape-stray-blocks.js";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { renderMarkdown } from "../../src/markdown/render-markdown.js";

/** The names of the blocks the build finds in `markdown`, and its problems. */
function blocksIn(markdown: string) {
  const renderer = createMarkdownRenderer({ embedsAllow: ["www.youtube.com"] });
  const body = renderMarkdown(renderer, { file: "story.md", body: markdown, bodyLine: 1 });
  return { names: body.directives.map((block) => block.name), codes: body.messages };
}

describe("escapeStrayBlocks: an archive's text that reads as a story block stays text", () => {
  it.each([
    ["a leaf line", "Before.\n::note\nAfter.", "Before.\n\\::note\nAfter."],
    ["a name starting with a digit", "::1", "\\::1"],
    [
      "a container around others",
      ":::tip\n:::inner{x=1}\ntext\n:::\n:::",
      "\\:::tip\n\\:::inner{x=1}\ntext\n:::\n:::",
    ],
    ["a line in a quote and a list", "> ::a\n\n- ::b[label]", "> \\::a\n\n- \\::b[label]"],
  ])("escapes %s, and the build then finds no block", (_, markdown, escaped) => {
    expect(escapeStrayBlocks(markdown)).toBe(escaped);
    expect(blocksIn(markdown).names.length).toBeGreaterThan(0);
    expect(blocksIn(escaped)).toEqual({ names: [], codes: [] });
  });

  it("leaves the blocks the import writes, code, and colons in running text as they are", () => {
    const markdown = [
      '::embed{url="https://www.youtube.com/watch?v=Fx1tDmQ2abc"}',
      ':::pullquote{cite="A"}\nQuoted.\n:::',
      "```\n::note\n```",
      "    ::indented-code",
      "At 10:30, std::vector and ::note in a sentence.",
    ].join("\n\n");
    expect(escapeStrayBlocks(markdown)).toBe(markdown);
    expect(blocksIn(markdown)).toEqual({ names: ["embed", "pullquote"], codes: [] });
  });

  it("escapes a stray block inside a pull quote the import wrote", () => {
    expect(escapeStrayBlocks(":::pullquote\n::note\n:::")).toBe(":::pullquote\n\\::note\n:::");
  });
});
