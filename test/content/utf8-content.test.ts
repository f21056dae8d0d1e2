import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { firstInvalidByte } from "../../src/content/decode-utf8.js";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";

/**
 * Content files are UTF-8. A file saved as Latin-1 (or Windows-1252) used to be published with
 * `�` in place of each accented letter, with exit 0 and no warning.
 */

const latin1 = (text: string) => Buffer.from(text, "latin1");
const utf8 = (text: string) => Buffer.from(text, "utf8");

let built: BuiltSite | undefined;
afterEach(async () => {
  await built?.cleanup();
  built = undefined;
});

describe("a content file that is not UTF-8", () => {
  it("is a located error naming the byte offset, for articles, authors and pages", async () => {
    built = await buildSite({
      // "Café" in Latin-1: é is the single byte 0xE9, at byte offset 14 (line 2, column 11).
      "content/articles/cafe.md": latin1(
        "---\ntitle: Caf\u00e9 reopens\ndate: 2026-11-01\nsection: news\n---\nBody.\n",
      ),
      "content/authors/jose.md": latin1("---\nname: Jos\u00e9 Ramos\n---\nBio.\n"),
      "content/pages/about.md": Buffer.concat([
        utf8("---\ntitle: About\n---\nWe are here.\n\nOur caf"),
        latin1("\u00e9 is open.\n"),
      ]),
    });
    expect(built.result.exitCode).toBe(1);
    expect(built.result.diagnostics).toMatchObject([
      {
        code: "EncodingInvalid",
        file: "content/articles/cafe.md",
        line: 2,
        column: 11,
        message:
          "the file is not valid UTF-8: byte 0xE9 at byte offset 14 (line 2, column 11) is not part of a UTF-8 character",
      },
      { code: "EncodingInvalid", file: "content/authors/jose.md", line: 2, column: 10 },
      { code: "EncodingInvalid", file: "content/pages/about.md", line: 6, column: 8 },
    ]);
    expect(built.result.diagnostics[0]?.hint).toContain("save the file as UTF-8");
  });

  it("is fine with a byte order mark, and keeps every accent", async () => {
    built = await buildSite({
      "content/articles/cafe.md": Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        utf8("---\ntitle: Café reopens in Zürich\ndate: 2026-11-01\nsection: news\n---\nBody.\n"),
      ]),
    });
    expect(built.result.diagnostics).toEqual([]);
    const $ = await built.page("/news/2026/11/01/cafe/");
    expect($("h1").text()).toBe("Café reopens in Zürich");
  });
});

describe("firstInvalidByte", () => {
  it.each([
    ["a truncated sequence at the end", [0x61, 0xc3], 1],
    ["an overlong slash", [0x2f, 0xc0, 0xaf], 1],
    ["a UTF-16 surrogate", [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a lone continuation byte", [0x61, 0x80], 1],
    ["a four-byte emoji, valid", [0xf0, 0x9f, 0x97, 0x9e], 4],
  ])("finds %s", (_, bytes, offset) => {
    expect(firstInvalidByte(Uint8Array.from(bytes))).toBe(offset);
  });

  it("agrees with Node's own check, and everything before it is valid", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const offset = firstInvalidByte(bytes);
        expect(offset === bytes.length).toBe(isUtf8(bytes));
        expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
