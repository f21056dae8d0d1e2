import { describe, expect, it } from "vitest";
import { embedTarget } from "../../src/markdown/embed-url.js";

const allow = ["www.youtube.com", "player.vimeo.com", "media.example.org"];

describe("embed URLs", () => {
  it("turns a pasted YouTube or Vimeo page URL into its player, and links to the page", () => {
    const cases: [string, string, string][] = [
      [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=x",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      ],
      [
        "https://youtu.be/dQw4w9WgXcQ?t=42",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1&start=42",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
      ],
      [
        "https://m.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      ],
      [
        "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&autoplay=1",
        "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
      ],
      [
        "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&autoplay=1",
        "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
      ],
      [
        "https://vimeo.com/123456789",
        "https://player.vimeo.com/video/123456789?autoplay=1",
        "https://vimeo.com/123456789",
      ],
      [
        "https://vimeo.com/123456789/abcdef0123",
        "https://player.vimeo.com/video/123456789?autoplay=1&h=abcdef0123",
        "https://vimeo.com/123456789/abcdef0123",
      ],
      [
        "https://media.example.org/embed/7?x=1",
        "https://media.example.org/embed/7?x=1",
        "https://media.example.org/embed/7?x=1",
      ],
    ];
    for (const [url, src, link] of cases)
      expect(embedTarget(url, allow), url).toMatchObject({ src, link });
  });

  it("refuses a YouTube playlist player without its list, whose name is no video id", () => {
    expect(embedTarget("https://www.youtube.com/embed/videoseries", allow)).toMatchObject({
      problem: 'no YouTube playlist id in "https://www.youtube.com/embed/videoseries"',
    });
  });

  it("uses YouTube's no-cookie player when the site allows it", () => {
    expect(
      embedTarget("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ["www.youtube-nocookie.com"]),
    ).toMatchObject({
      src: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
      host: "www.youtube-nocookie.com",
    });
    // The player's host is what embeds.allow must name, not the page's.
    expect(embedTarget("https://vimeo.com/1", ["vimeo.com"])).toMatchObject({
      problem: "player.vimeo.com is not a host the site allows embeds from (embeds.allow)",
    });
  });
});
