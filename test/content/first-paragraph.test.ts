import fc from "fast-check";
import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { extractFirstParagraph } from "../../src/content/body-text.js";
import { remarkSmartPunctuation } from "../../src/markdown/remark-smart-punctuation.js";
import { corpusBodies, sampleSiteBodies } from "../markdown/markdown-samples.js";

// The default summary of a story is its first paragraph. A paragraph that is one line of plain
// words is taken without a parse; these tests hold that to what the parse gives.

const parser = unified().use(remarkParse).use(remarkSmartPunctuation).freeze();

/**
 * What the parse makes of a block: its first paragraph's text, spaces folded. A block that
 * starts as a numbered list item (`1) ...`, `2. ...`) is no summary, whatever follows it: the
 * summary rule skips it whole (`1)\n===` parses to a list and a paragraph of `===`).
 */
function parsed(block: string): string {
  if (/^\d+[.)]\s/.test(block.trim())) return "";
  const tree = parser.runSync(parser.parse(block.trim())) as Root;
  const paragraph = tree.children.find((node) => node.type === "paragraph");
  return paragraph ? mdastToString(paragraph).replace(/\s+/g, " ").trim() : "";
}

/**
 * One block that starts with a letter, a quote, a bracket or a digit (a list item's start, which
 * is no paragraph), mostly plain words and punctuation, and now and then a character of
 * Markdown's syntax, a line ending or a NUL, so both ways are taken.
 */
const block = fc
  .tuple(
    fc.constantFrom("A", "z", "É", "ß", "\u201c", "\u2018", '"', "'", "(", "Ω", "1", "7"),
    fc.array(
      fc.oneof(
        {
          weight: 20,
          arbitrary: fc.constantFrom(..."abc XYZ 0123 .,;:?\"'()-/%$#+=~|{}".split("")),
        },
        { weight: 4, arbitrary: fc.constantFrom("--", "---", "...", " - ", "1.", "2)", "\t", "é") },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            ..."\\`*_[]!<&\n\r\0".split(""),
            "&amp;",
            "  \n",
            "\n===",
            "\n- ",
          ),
        },
      ),
      { maxLength: 60 },
    ),
  )
  .map(([first, rest]) => first + rest.join(""))
  .filter((text) => !/\r?\n[ \t]*\r?\n/.test(text) && !text.includes("::"));

describe("the first paragraph", () => {
  it("is what the parse gives, for lines with and without Markdown in them", () => {
    fc.assert(
      fc.property(block, (text) => {
        expect(extractFirstParagraph(text)).toBe(parsed(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("is what the parse gives for the benchmark corpus's stories and the sample site's", async () => {
    const bodies = [...(await corpusBodies(200)), ...(await sampleSiteBodies())];
    let plain = 0;
    for (const { body } of bodies) {
      const first = (
        body.split(/\r?\n[ \t]*\r?\n/).find((part) => part.trim() !== "") ?? ""
      ).trim();
      if (!/^[\p{L}"'\u201c\u2018(]/u.test(first)) continue;
      expect(extractFirstParagraph(body)).toBe(parsed(first));
      if (!/[\\`*_[\]!<&]/.test(first)) plain++;
    }
    // Most generated first paragraphs are plain lines: the way without a parse is what ran.
    expect(plain).toBeGreaterThan(100);
  });

  it("keeps what only the parse knows", () => {
    expect(extractFirstParagraph('He said "no" -- twice...')).toBe(
      "He said \u201cno\u201d \u2014 twice\u2026",
    );
    expect(extractFirstParagraph("Fish &amp; chips")).toBe("Fish & chips");
    expect(extractFirstParagraph("A *bold* move")).toBe("A bold move");
    expect(extractFirstParagraph("Results\n===\n\nThe count")).toBe("The count");
    expect(extractFirstParagraph("Line one  \nline two")).toBe("Line oneline two");
  });
});
