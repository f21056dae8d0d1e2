import { describe, expect, it } from "vitest";
import { blocksToMarkdown } from "../../src/import/convert/markdown-text.js";
import { embedBlock, figureBlock, videoPlayer } from "../../src/import/story-blocks.js";

describe("story blocks: what embeds and figures become until directives reach the build", () => {
  it.each([
    ["https://www.youtube.com/watch?v=Fx1tDmQ2abc", "https://www.youtube.com/embed/Fx1tDmQ2abc"],
    ["https://youtu.be/Fx1tDmQ2abc?t=30", "https://www.youtube.com/embed/Fx1tDmQ2abc"],
    ["https://m.youtube.com/shorts/Fx1tDmQ2abc", "https://www.youtube.com/embed/Fx1tDmQ2abc"],
    ["//www.youtube-nocookie.com/embed/Fx1tDmQ2abc", "https://www.youtube.com/embed/Fx1tDmQ2abc"],
    ["https://vimeo.com/312345678", "https://player.vimeo.com/video/312345678"],
    ["https://player.vimeo.com/video/312345678?h=ab", "https://player.vimeo.com/video/312345678"],
  ])("plays %s as its provider's player", (url, player) => {
    expect(videoPlayer(url)?.src).toBe(player);
  });

  it.each(["https://x.com/someone/status/1", "https://vimeo.com/channels/staff", "not a url"])(
    "has no player for %s",
    (url) => {
      expect(videoPlayer(url)).toBeUndefined();
    },
  );

  it("makes a video an iframe the embeds allow-list can keep, with its caption after it", () => {
    const block = embedBlock("https://youtu.be/Fx1tDmQ2abc", "The briefing");
    expect(block.player?.host).toBe("www.youtube.com");
    expect(blocksToMarkdown(block.nodes)).toBe(
      '<iframe src="https://www.youtube.com/embed/Fx1tDmQ2abc" title="The briefing" width="560" height="315" allowfullscreen></iframe>\n\n_The briefing_',
    );
  });

  it("makes any other embed a link to it", () => {
    const block = embedBlock("https://x.com/someone/status/1");
    expect(block.player).toBeUndefined();
    expect(blocksToMarkdown(block.nodes)).toBe(
      "[https://x.com/someone/status/1](https://x.com/someone/status/1)",
    );
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
