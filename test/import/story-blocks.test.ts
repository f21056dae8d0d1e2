import { describe, expect, it } from "vitest";
import { blocksToMarkdown } from "../../src/import/convert/markdown-text.js";
import type { SourceEmbed } from "../../src/import/source-archive.js";
import { embedBlock, figureBlock, pullquoteBlock } from "../../src/import/story-blocks.js";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { renderMarkdown } from "../../src/markdown/render-markdown.js";

/** The Markdown an embed becomes, and the host the written config must allow for it. */
function written(embed: SourceEmbed, oldSite: readonly string[] = []) {
  const block = embedBlock(embed, (host) => oldSite.includes(host));
  return { markdown: blocksToMarkdown(block.nodes), host: block.host };
}

/** What the build makes of imported Markdown, with `allow` as the config's `embeds.allow`. */
function built(markdown: string, allow: readonly string[]) {
  const renderer = createMarkdownRenderer({ embedsAllow: [...allow] });
  return renderMarkdown(renderer, { file: "story.md", body: markdown, bodyLine: 1 });
}

describe("story blocks: what embeds, pull quotes and figures become in imported Markdown", () => {
  it.each([
    ["https://www.youtube.com/watch?v=Fx1tDmQ2abc", "https://www.youtube.com/watch?v=Fx1tDmQ2abc"],
    ["https://youtu.be/Fx1tDmQ2abc", "https://www.youtube.com/watch?v=Fx1tDmQ2abc"],
    ["https://m.youtube.com/shorts/Fx1tDmQ2abc", "https://www.youtube.com/watch?v=Fx1tDmQ2abc"],
    ["//www.youtube-nocookie.com/embed/Fx1tDmQ2abc", "https://www.youtube.com/watch?v=Fx1tDmQ2abc"],
    ["http://www.youtube.com/embed/Fx1tDmQ2abc", "https://www.youtube.com/watch?v=Fx1tDmQ2abc"],
    [
      "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
      "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    ],
    ["https://vimeo.com/312345678", "https://vimeo.com/312345678"],
    ["https://player.vimeo.com/video/312345678?h=ab12", "https://vimeo.com/312345678/ab12"],
  ])("writes the video %s as an ::embed of its page", (url, page) => {
    const { markdown, host } = written({ url });
    expect(markdown).toBe(`::embed{url="${page}"}`);
    expect(host).toBe(page.includes("vimeo") ? "player.vimeo.com" : "www.youtube.com");
    const body = built(markdown, [host ?? ""]);
    expect(body.messages).toEqual([]);
    expect(body.directives.map((block) => block.embed?.link)).toEqual([page]);
  });

  it("writes a video's caption as the block's label and a frame's title as its title, escaped", () => {
    const { markdown, host } = written({
      url: "https://youtu.be/Fx1tDmQ2abc",
      caption: "The [briefing], *live*",
      title: 'Council "briefing"',
      framed: true,
    });
    expect(markdown).toBe(
      '::embed[The \\[briefing\\], \\*live\\*]{url="https://www.youtube.com/watch?v=Fx1tDmQ2abc" title="Council &#x22;briefing&#x22;"}',
    );
    const body = built(markdown, [host ?? ""]);
    expect(body.messages).toEqual([]);
    expect(body.directives[0]?.attributes).toEqual({
      url: "https://www.youtube.com/watch?v=Fx1tDmQ2abc",
      title: 'Council "briefing"',
    });
    expect(body.directives[0]?.label).toBe("The [briefing], *live*");
  });

  it("keeps what an old page framed over https from another host, and allows that host", () => {
    const { markdown, host } = written({
      url: "https://charts.example.org/embed/rainfall-2026/?theme=light",
      framed: true,
    });
    expect(markdown).toBe(
      '::embed{url="https://charts.example.org/embed/rainfall-2026/?theme=light"}',
    );
    expect(host).toBe("charts.example.org");
    const body = built(markdown, ["charts.example.org"]);
    expect(body.messages).toEqual([]);
    expect(body.directives[0]?.embed?.src).toBe(
      "https://charts.example.org/embed/rainfall-2026/?theme=light",
    );
  });

  it.each<[string, SourceEmbed, string]>([
    [
      "a post named for its embed code",
      { url: "https://x.com/someone/status/1" },
      "[https://x.com/someone/status/1](https://x.com/someone/status/1)",
    ],
    [
      "a page that is not a video",
      { url: "https://vimeo.com/channels/staff" },
      "[https://vimeo.com/channels/staff](https://vimeo.com/channels/staff)",
    ],
    [
      "a frame over http",
      { url: "http://maps.example/pier", framed: true },
      "[http://maps.example/pier](http://maps.example/pier)",
    ],
    [
      "a frame of the old site itself",
      { url: "https://old.example/widget/", framed: true },
      "[https://old.example/widget/](https://old.example/widget/)",
    ],
    [
      "a script URL",
      { url: "javascript:alert(1)", framed: true },
      "[javascript:alert(1)](javascript:alert\\(1\\))",
    ],
    ["no URL at all", { url: "not a url", framed: true }, "[not a url](<not a url>)"],
  ])("links %s instead, with its caption after it", (_, embed, link) => {
    const { markdown, host } = written({ ...embed, caption: "Seen here" }, ["old.example"]);
    expect(host).toBeUndefined();
    expect(markdown).toBe(`${link}\n\n_Seen here_`);
  });

  it("writes a pull quote around its paragraphs, with its citation", () => {
    const markdown = blocksToMarkdown([
      pullquoteBlock(
        [{ type: "paragraph", children: [{ type: "text", value: "Four crossings are enough." }] }],
        "  Harbour   master ",
      ),
    ]);
    expect(markdown).toBe(':::pullquote{cite="Harbour master"}\nFour crossings are enough.\n:::');
    const body = built(markdown, []);
    expect(body.messages).toEqual([]);
    expect(body.directives.map((block) => [block.name, block.attributes])).toEqual([
      ["pullquote", { cite: "Harbour master" }],
    ]);
  });

  it("writes a local figure as an image with its caption as title, which the renderer shows as a figure", () => {
    expect(
      blocksToMarkdown(
        figureBlock({
          src: "./story/boat.jpg",
          alt: "A boat",
          caption: "At dawn",
          credit: "J. Doe",
          kind: "local",
        }),
      ),
    ).toBe('![A boat](./story/boat.jpg "At dawn — J. Doe")');
  });

  it("writes a remote figure as a <figure> with <figcaption>, escaped", () => {
    expect(
      blocksToMarkdown(
        figureBlock({
          src: "https://old.example/a.jpg",
          alt: 'A "boat"',
          caption: "Fish & <chips>",
          kind: "remote",
        }),
      ),
    ).toBe(
      '<figure><img src="https://old.example/a.jpg" alt="A &#x22;boat&#x22;"><figcaption>Fish &#x26; &#x3C;chips></figcaption></figure>',
    );
  });
});
