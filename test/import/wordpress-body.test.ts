import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import type { BodyContext, SourceStory } from "../../src/import/source-archive.js";
import { embedBlock, figureBlock } from "../../src/import/story-blocks.js";
import { wordpressBodyToMarkdown } from "../../src/import/wordpress/wordpress-body-to-markdown.js";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { renderMarkdown } from "../../src/markdown/render-markdown.js";

/** A context that keeps every image where it is and records the notes. */
function stubContext(): { context: BodyContext; notes: string[] } {
  const notes: string[] = [];
  const story = { file: "export.xml", bodyLine: 10 } as SourceStory;
  const context: BodyContext = {
    story,
    note: (code, line, message) => notes.push(`${line} ${code} ${message}`),
    image: async (ref, _line, alt) => ({ kind: "remote", src: ref, alt }),
    embed: (embed, line) => {
      const block = embedBlock(embed, (host) => host === "old.example");
      if (!block.host) notes.push(`${line} EmbedAsLink the embed of ${embed.url} became a link`);
      return block.nodes;
    },
    figure: async (image) =>
      figureBlock({ src: image.src, alt: image.alt ?? "", caption: image.caption, kind: "local" }),
    link: (ref) => (ref === "https://old.example/2020/01/01/a/" ? "/news/2020/01/01/a/" : ref),
    storyUrl: () => undefined,
  };
  return { context, notes };
}

const noShortcodes = { attachments: new Map(), childrenOf: () => [], postId: "1" };

async function convert(html: string) {
  const { context, notes } = stubContext();
  const markdown = await wordpressBodyToMarkdown(html, context, noShortcodes);
  return { markdown, notes };
}

describe("WordPress HTML to Markdown", () => {
  it("gives classic-editor text its paragraphs and line breaks, as wpautop did", async () => {
    const { markdown } = await convert(
      "First line\nsecond line.\n\nNew paragraph with <em>emphasis</em>.\n<pre>keep\n\n  as is</pre>",
    );
    expect(markdown).toBe(
      "First line\\\nsecond line.\n\nNew paragraph with _emphasis_.\n\n```\nkeep\n\n  as is\n```",
    );
  });

  it("keeps [sic] and other bracketed text that is not a shortcode, and prints an escaped one", async () => {
    const { markdown, notes } = await convert("<p>He said [sic] it was [[gallery]].</p>");
    expect(markdown).toBe("He said \\[sic] it was \\[gallery].");
    expect(notes).toEqual([]);
  });

  it("lifts an embed out of the paragraph it stood in, as a story block", async () => {
    const { markdown } = await convert(
      '<!-- wp:paragraph --><p><iframe src="https://www.youtube.com/embed/Fx1tDmQ2abc" title="Ferry briefing"></iframe></p><!-- /wp:paragraph -->',
    );
    expect(markdown).toBe(
      '::embed{url="https://www.youtube.com/watch?v=Fx1tDmQ2abc" title="Ferry briefing"}',
    );
  });

  it("splits a paragraph around an embed among its text, and links one that cannot be kept", async () => {
    const among = await convert(
      '<p>Find it on<br><iframe src="https://maps.example/pier"></iframe><br>today, or on <iframe src="http://maps.example/quay"></iframe> tomorrow.</p>',
    );
    expect(among.markdown).toBe(
      'Find it on\n\n::embed{url="https://maps.example/pier"}\n\ntoday, or on [http://maps.example/quay](http://maps.example/quay) tomorrow.',
    );
    expect(among.notes).toEqual([
      "10 EmbedAsLink the embed of http://maps.example/quay became a link",
    ]);
  });

  it("writes a [embed] and an embed block with its caption as ::embed blocks", async () => {
    const { markdown } = await convert(
      '[embed]https://vimeo.com/312345678[/embed]\n\n<!-- wp:embed {"url":"https://youtu.be/Fx1tDmQ2abc"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://youtu.be/Fx1tDmQ2abc</div><figcaption>The <em>briefing</em></figcaption></figure><!-- /wp:embed -->',
    );
    expect(markdown).toBe(
      '::embed{url="https://vimeo.com/312345678"}\n\n::embed[The briefing]{url="https://www.youtube.com/watch?v=Fx1tDmQ2abc"}',
    );
  });

  it("writes pull quotes as :::pullquote blocks with their citation, and leaves other quotes quotes", async () => {
    const { markdown } = await convert(
      [
        '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Four <a href="https://old.example/2020/01/01/a/">crossings</a> are enough.</p><p>Not *one* more.</p><cite>Harbour master</cite></blockquote></figure><!-- /wp:pullquote -->',
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>A plain quotation.</p><cite>A reader</cite></blockquote><!-- /wp:quote -->',
      ].join("\n"),
    );
    expect(markdown).toBe(
      ':::pullquote{cite="Harbour master"}\nFour [crossings](/news/2020/01/01/a/) are enough.\n\nNot \\*one\\* more.\n:::\n\n> A plain quotation.\n>\n> A reader',
    );
    // A classic-editor pull quote: wpautop gives its citation a paragraph of its own.
    const classic = await convert(
      '<blockquote class="pullquote">The wall will hold.\n\n<cite>The <em>engineer</em></cite></blockquote>\n\nAfter the quote.',
    );
    expect(classic.markdown).toBe(
      ':::pullquote{cite="The engineer"}\nThe wall will hold.\n:::\n\nAfter the quote.',
    );
  });

  it("keeps text that reads as a story block as text", async () => {
    const { markdown } = await convert(
      "<p>::note</p><p>:::warning{level=high}</p><blockquote><p>::1</p></blockquote><p>At 10:30, std::vector and Note:this stay.</p>",
    );
    expect(markdown).toBe(
      "\\::note\n\n\\:::warning{level=high}\n\n> \\::1\n\nAt 10:30, std::vector and Note:this stay.",
    );
    const renderer = createMarkdownRenderer({ embedsAllow: [] });
    const body = renderMarkdown(renderer, { file: "story.md", body: markdown, bodyLine: 1 });
    expect(body.messages).toEqual([]);
    expect(body.directives).toEqual([]);
    expect(
      cheerio
        .load(body.html)("p")
        .map((_, p) => cheerio.load(p).text())
        .get(),
    ).toEqual([
      "::note",
      ":::warning{level=high}",
      "::1",
      "At 10:30, std::vector and Note:this stay.",
    ]);
  });

  it("rewrites links to old story URLs and drops forms and scripts with a note, located", async () => {
    const { markdown, notes } = await convert(
      '<!-- wp:paragraph -->\n<p>See <a href="https://old.example/2020/01/01/a/">this</a>.</p>\n<!-- /wp:paragraph -->\n<form action="/x"><input name="q"></form>\n<script>alert(1)</script>',
    );
    expect(markdown).toBe("See [this](/news/2020/01/01/a/).");
    expect(notes).toEqual([
      "13 ScriptRemoved a <form> was removed: stories cannot run code or collect input",
      "14 ScriptRemoved a <script> was removed: stories cannot run code or collect input",
    ]);
  });

  it("turns a [caption] into a figure whose caption is the text after the image", async () => {
    const { markdown } = await convert(
      '[caption id="attachment_1" width="300"]<a href="https://old.example/big.jpg"><img src="https://old.example/small.jpg" alt="A pier" /></a> The pier at dusk[/caption]',
    );
    expect(markdown).toBe('![A pier](https://old.example/small.jpg "The pier at dusk")');
  });

  it("keeps tables, code and nested lists", async () => {
    const { markdown } = await convert(
      '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Crossing</th><th>Time</th></tr></thead><tbody><tr><td>First</td><td>06:45</td></tr></tbody></table></figure><!-- /wp:table --><!-- wp:code --><pre class="wp-block-code"><code>let x = 1;</code></pre><!-- /wp:code --><ul><li>One<ul><li>Inner</li></ul></li></ul>',
    );
    expect(markdown).toBe(
      "| Crossing | Time  |\n| -------- | ----- |\n| First    | 06:45 |\n\n```\nlet x = 1;\n```\n\n- One\n  - Inner",
    );
  });
});
