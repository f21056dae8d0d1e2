import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { type RenderedBody, renderMarkdown } from "../../src/markdown/render-markdown.js";

/**
 * Story blocks as the Markdown phase sees them: what becomes a block (and what stays text), what
 * each block records for the page renderer, the located problems of built-in blocks, and that
 * content reaches no block's markup unsanitised.
 */

const renderer = createMarkdownRenderer({
  embedsAllow: ["www.youtube.com", "player.vimeo.com", "embed.example.org"],
});

/** Renders a body that starts on line 6 of its file (after five lines of front matter). */
function render(body: string): RenderedBody {
  return renderMarkdown(renderer, { file: "content/articles/story.md", body, bodyLine: 6 });
}

/** Each message as `line:column Code`, in the order of the file. */
function located(body: RenderedBody): string[] {
  return [...body.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    .map((m) => `${m.line}:${m.column} ${m.code}`);
}

describe("story blocks in Markdown", () => {
  it("records each block with its attributes, label and sanitised content, and leaves a placeholder", () => {
    const body = render(
      [
        "Opening paragraph.",
        "",
        ':::factbox{title="Key facts"}',
        "- Filed in **March**",
        "- Three bidders, one [court](/courts/)",
        ":::",
        "",
        '::embed[The hearing]{url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" title="Hearing"}',
        "",
        '::related{story="water-rationing"}',
      ].join("\n"),
    );
    expect(body.messages).toEqual([]);
    const $ = cheerio.load(body.html, null, false);
    expect(
      $("newsdeck-directive")
        .map((_, e) => $(e).attr("data-index"))
        .get(),
    ).toEqual(["0", "1", "2"]);
    expect($("p").first().text()).toBe("Opening paragraph.");
    // The block's content is not in the body's HTML: only in its record.
    expect(body.html).not.toContain("Filed in");

    const [factbox, embed, related] = body.directives;
    expect(factbox).toMatchObject({
      name: "factbox",
      kind: "container",
      attributes: { title: "Key facts" },
      line: 8,
      column: 1,
    });
    const facts = cheerio.load(factbox?.html ?? "", null, false);
    expect(
      facts("li")
        .map((_, e) => facts(e).text())
        .get(),
    ).toEqual(["Filed in March", "Three bidders, one court"]);
    expect(facts("strong").text()).toBe("March");
    expect(embed).toMatchObject({
      name: "embed",
      kind: "leaf",
      label: "The hearing",
      line: 13,
      embed: {
        src: "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1",
        link: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        host: "www.youtube.com",
        provider: "YouTube",
      },
    });
    expect(related).toMatchObject({
      name: "related",
      story: { by: "slug", value: "water-rationing" },
      line: 15,
    });
    // Links inside a block are still the body's links (for the broken-link check).
    expect(body.links.map((link) => [link.url, link.line])).toEqual([["/courts/", 10]]);
  });

  it("puts a block inside another in the outer block's content, numbered after it", () => {
    const body = render(
      [
        "::::factbox{title=Outer}",
        "Before.",
        "",
        ":::pullquote",
        "Inner words.",
        ":::",
        "::::",
      ].join("\n"),
    );
    expect(body.messages).toEqual([]);
    expect(body.directives.map((d) => d.name)).toEqual(["factbox", "pullquote"]);
    expect(body.html).toBe('<newsdeck-directive data-index="0"></newsdeck-directive>');
    expect(body.directives[0]?.html).toContain(
      '<newsdeck-directive data-index="1"></newsdeck-directive>',
    );
    expect(body.directives[1]?.html).toBe("<p>Inner words.</p>");
  });

  it("reads a timeline's list into dated entries", () => {
    const body = render(
      [
        ":::timeline",
        "- 2026: The year it began.",
        "- 2026-03: Bids are *opened*.",
        "- 2026-03-17: A policy is adopted.",
        "- 2026-11-10 16:30 – Judgment.",
        ":::",
      ].join("\n"),
    );
    expect(body.messages).toEqual([]);
    expect(body.directives[0]?.items).toEqual([
      { date: "2026", html: "The year it began." },
      { date: "2026-03", html: "Bids are <em>opened</em>." },
      { date: "2026-03-17", html: "A policy is adopted." },
      { date: "2026-11-10T16:30", html: "Judgment." },
    ]);
  });

  it("leaves text that only looks like a block as text", () => {
    const lines = [
      "The session resumed at 10:30 and ended at 12:45.",
      "Turnout was 3:1 in favour; see https://example.org/a:b or mailto:desk@example.org.",
      "Note:this is not a block, nor is re:Invent.",
      "C++ code calls std::vector, and IPv6 has ::1.",
      "::",
      ":::",
      "::1 is a loopback address",
      "::embed{url=x} with words after it",
      "A line that ends in :::",
      "",
      "    ::donate in indented code",
      "",
      "```",
      ":::factbox{title=x}",
      "```",
    ];
    const body = render(lines.join("\n"));
    expect(body.directives).toEqual([]);
    expect(body.messages).toEqual([]);
    const $ = cheerio.load(body.html, null, false);
    const text = $.root().text();
    for (const words of [
      "10:30",
      "12:45",
      "3:1",
      "https://example.org/a:b",
      "Note:this",
      "re:Invent",
      "std::vector",
      "::1 is a loopback address",
      "::embed{url=x} with words after it",
      "ends in :::",
      "::donate in indented code",
      ":::factbox{title=x}",
    ])
      expect(text).toContain(words);
    expect(body.html).not.toContain("newsdeck-directive");
  });

  it("reports a built-in block written wrongly where it is, with a hint", () => {
    const body = render(
      [
        ':::factbox{titel="Key facts"}', // 6
        "Text.",
        ":::",
        "",
        "::embed", // 10
        "",
        '::factbox{title="x"}', // 12
        "",
        ':::embed{url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"}', // 14
        "Text.",
        ":::",
        "",
        ':::factbox[A label]{title="x"}', // 18
        "Text.",
        ":::",
        "",
        ':::pullquote{cite=""}', // 22
        ":::",
        "",
        '::donate{url="https://elsewhere.example"}', // 25
        "",
        ':::timeline{title="Timeline"}', // 27
        "Not a list.",
        ":::",
        "",
        ":::timeline", // 31
        "- 2026-02-30: No such day.",
        "- Undated entry.",
        ":::",
        "",
        ':::factbox{title="Never closed"}', // 36
        "The rest of the body.",
      ].join("\n"),
    );
    expect(located(body)).toEqual([
      "6:12 DirectiveAttributeUnknown",
      "6:1 DirectiveAttributeMissing",
      "10:1 DirectiveAttributeMissing",
      "12:1 DirectiveInvalid",
      "14:1 DirectiveInvalid",
      "18:1 DirectiveInvalid",
      "22:1 DirectiveInvalid",
      "25:10 DirectiveAttributeUnknown",
      "28:1 DirectiveInvalid",
      "32:1 DirectiveInvalid",
      "33:1 DirectiveInvalid",
      "36:1 DirectiveInvalid",
    ]);
    const message = (line: number) => body.messages.find((m) => m.line === line);
    expect(message(6)).toMatchObject({
      message: 'factbox has no attribute "titel"',
      hint: 'did you mean "title"?',
    });
    expect(message(10)?.message).toBe('embed needs url="..."');
    expect(message(12)?.message).toContain("written with three colons");
    expect(message(14)?.message).toContain("written with two colons");
    expect(message(18)?.message).toBe("factbox takes no [label]");
    expect(message(22)?.message).toBe("the pullquote is empty");
    expect(message(25)?.hint).toContain("takes no attributes");
    expect(message(36)?.message).toContain("never closed");
  });

  it("refuses every embed URL that is not https on an allowed host", () => {
    const refused = [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://user:secret@embed.example.org/x",
      "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
      "https://evil.example/embed",
      "https://www.youtube.com/watch?v=short",
      "https://vimeo.com/not-a-number",
      "//embed.example.org/x",
      "not a url",
    ];
    for (const url of refused) {
      const body = render(`::embed{url=${JSON.stringify(url)}}`);
      expect(located(body), url).toEqual(["6:9 DirectiveAttributeInvalid"]);
      expect(body.directives[0]?.embed, url).toBeUndefined();
    }
    const hostHint = render('::embed{url="https://evil.example/embed"}').messages[0];
    expect(hostHint?.hint).toBe(
      'add "evil.example" to embeds.allow in the config, or link to the page instead',
    );
  });

  it("keeps content out of block markup: labels and content are sanitised, marks cannot be forged", () => {
    const body = render(
      [
        ":::factbox{title=x}",
        '<img src="x" onerror="alert(1)"><script>alert(2)</script>',
        "",
        "[click](javascript:alert(3))",
        ":::",
        "",
        '::embed[<b onclick="alert(4)">bold</b> <script>alert(5)</script>]{url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"}',
        "",
        '<div data-newsdeck-directive="0:0" data-newsdeck-label="0">forged</div>',
        "",
        '<newsdeck-directive data-index="0"></newsdeck-directive>',
      ].join("\n"),
    );
    const all = [body.html, ...body.directives.flatMap((d) => [d.html ?? "", d.label ?? ""])].join(
      "\n",
    );
    expect(all).not.toMatch(/onerror|onclick|<script|javascript:|data-newsdeck/i);
    expect(body.directives[1]?.label).toBe("<b>bold</b>");
    // Only the two real blocks have placeholders; the forged ones are plain text and a div.
    const $ = cheerio.load(body.html, null, false);
    expect($("newsdeck-directive").length).toBe(2);
    expect($("div").text()).toBe("forged");
  });

  it("caps the blocks of one body at limits.body.blocks", () => {
    const limited = createMarkdownRenderer({
      embedsAllow: [],
      limits: { bytes: 1_000_000, nesting: 100, renderMs: 10_000, blocks: 3 },
    });
    const body = renderMarkdown(limited, {
      file: "content/articles/story.md",
      body: Array.from({ length: 5 }, () => "::donate").join("\n\n"),
      bodyLine: 6,
    });
    expect(body.directives.length).toBe(3);
    // The fourth block, on line 12 of the file, is the first one over.
    expect(located(body)).toEqual(["12:1 DirectivesTooMany"]);
  });
});
