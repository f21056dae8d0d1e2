import { describe, expect, it } from "vitest";
import type { BodyContext, SourceStory } from "../../src/import/source-archive.js";
import { embedBlock, figureBlock } from "../../src/import/story-blocks.js";
import { wordpressBodyToMarkdown } from "../../src/import/wordpress/wordpress-body-to-markdown.js";

/** A context that keeps every image where it is and records the notes. */
function stubContext(): { context: BodyContext; notes: string[] } {
  const notes: string[] = [];
  const story = { file: "export.xml", bodyLine: 10 } as SourceStory;
  const context: BodyContext = {
    story,
    note: (code, line, message) => notes.push(`${line} ${code} ${message}`),
    image: async (ref, _line, alt) => ({ kind: "remote", src: ref, alt }),
    embed: (url, caption, line) => {
      const block = embedBlock(url, caption);
      if (!block.player) notes.push(`${line} EmbedAsLink the embed of ${url} became a link`);
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

  it("lifts an embed out of the paragraph it stood in, and links one among text", async () => {
    const { markdown } = await convert(
      '<!-- wp:paragraph --><p><iframe src="https://www.youtube.com/embed/Fx1tDmQ2abc"></iframe></p><!-- /wp:paragraph -->',
    );
    expect(markdown).toBe(
      '<iframe src="https://www.youtube.com/embed/Fx1tDmQ2abc" title="YouTube video" width="560" height="315" allowfullscreen></iframe>',
    );
    const among = await convert(
      '<p>Find it on <iframe src="https://maps.example/pier"></iframe> today.</p>',
    );
    expect(among.markdown).toBe(
      "Find it on [https://maps.example/pier](https://maps.example/pier) today.",
    );
    expect(among.notes).toEqual([
      "10 EmbedAsLink the embed of https://maps.example/pier became a link",
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
