import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rendererFor } from "../../src/markdown/markdown-worker.js";
import { renderMarkdown } from "../../src/markdown/render-markdown.js";
import { mayShowImages } from "../../src/shard/may-show-images.js";
import { markdownPieces } from "../markdown/markdown-samples.js";

/** Pieces that make, or almost make, images: Markdown, references, raw HTML in any case. */
const imagePieces = fc.constantFrom(
  "![a](./p.jpg)",
  "![](/photo.png)",
  "![x][r]",
  "![r]",
  "\n\n[r]: ./ref.jpg\n",
  "](./q.jpg)",
  "!",
  "<img src=./h.jpg alt=h>",
  '<IMG SRC="/x.png" ALT="x">',
  "<Img\nsrc=y.jpg>",
  "<p><img src='z.jpg'></p>",
  "&lt;img src=n.jpg&gt;",
  "\\![esc](./e.jpg)",
  "<picture>",
  ":::factbox\n",
  '::embed{url="./i.jpg"}\n',
);

const bodies = fc
  .array(fc.oneof(markdownPieces, imagePieces), { maxLength: 40 })
  .map((pieces) => pieces.join(""));

describe("the image pre-check of a shard", () => {
  const renderer = rendererFor({ embedsAllow: [] });

  it("never says no to a body whose rendering shows a local image", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const rendered = renderMarkdown(renderer, { file: "a.md", body, bodyLine: 1 });
        if (rendered.images.length > 0) expect(mayShowImages(body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("says no to prose, links and other HTML", () => {
    expect(mayShowImages("Words, a [link](/news/) and <b>bold</b>! [Not] an image.")).toBe(false);
    expect(mayShowImages("![alt](./photo.jpg)")).toBe(true);
    expect(mayShowImages("<IMG src=a.png>")).toBe(true);
  });
});
