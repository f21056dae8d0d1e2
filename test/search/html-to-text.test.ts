import { describe, expect, it } from "vitest";
import { htmlToText } from "../../src/search/html-to-text.js";

describe("htmlToText", () => {
  it("keeps the words of a rendered body and separates blocks", () => {
    expect(
      htmlToText(
        '<p>Water&#x27;s <em>back</em>.</p><h2 id="a">Next</h2><ul><li>one</li><li>two</li></ul><p>A&#x26;B &lt;3&nbsp;&quot;ok&quot;</p>',
      ),
    ).toBe('Water\'s back. Next one two A&B <3 "ok"');
  });

  it("drops scripts, styles, frames, comments and image placeholders", () => {
    expect(
      htmlToText(
        '<p>Before</p><!-- a note --><script>alert("x")</script><style>p{}</style><iframe src="https://v.example/x">fallback</iframe><newsdeck-image data-index="0"></newsdeck-image><p>after</p>',
      ),
    ).toBe("Before after");
  });
});
