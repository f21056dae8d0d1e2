import { describe, expect, it } from "vitest";
import { readBoolean, readList, readText } from "../../src/import/front-matter/field-values.js";
import { readFrontMatter } from "../../src/import/front-matter/read-front-matter.js";
import { readLenientYaml } from "../../src/import/front-matter/read-lenient-yaml.js";
import { splitFrontMatter } from "../../src/import/front-matter/split-front-matter.js";
import { readSourceDate } from "../../src/import/read-source-date.js";

describe("splitting front matter as each generator does", () => {
  it("skips a byte-order mark and blank lines before Hugo's delimiter, keeping line numbers", () => {
    const split = splitFrontMatter("\uFEFF\n\n---\ntitle: A\n---\nBody\n", "hugo");
    expect(split).toMatchObject({
      format: "yaml",
      frontMatter: "title: A",
      frontMatterLine: 4,
      body: "Body\n",
      bodyLine: 6,
      byteOrderMark: true,
      leadingBlankLines: 2,
    });
  });

  it("reads Hugo's TOML and JSON front matter, a brace inside a JSON string included", () => {
    expect(splitFrontMatter('+++\ntitle = "A"\n+++\nBody', "hugo")).toMatchObject({
      format: "toml",
      frontMatter: 'title = "A"',
      body: "Body",
    });
    const json = splitFrontMatter('{\n  "title": "A } B"\n}\n\nBody', "hugo");
    expect(json).toMatchObject({
      format: "json",
      frontMatter: '{\n  "title": "A } B"\n}',
      bodyLine: 4,
    });
    expect(json.body.trim()).toBe("Body");
  });

  it("closes Jekyll's YAML with --- or ..., and treats TOML as body, as Jekyll does", () => {
    expect(splitFrontMatter("---\ntitle: A\n...\nBody", "jekyll")).toMatchObject({
      format: "yaml",
      body: "Body",
    });
    expect(splitFrontMatter('+++\ntitle = "A"\n+++\n', "jekyll").format).toBeUndefined();
  });

  it("finds an unclosed block unreadable in Hugo, but body text in Jekyll (whose pattern does not match)", () => {
    expect(splitFrontMatter("---\ntitle: A\nBody", "hugo").unclosed).toEqual({
      line: 1,
      delimiter: "---",
    });
    const jekyll = splitFrontMatter("---\ntitle: A\nBody", "jekyll");
    expect(jekyll).toMatchObject({ format: undefined, body: "---\ntitle: A\nBody" });
  });
});

describe("reading YAML as Psych and go-yaml read it", () => {
  it("lets the last of a repeated key win and reports where it repeats", () => {
    const read = readLenientYaml("title: First\ndate: 2026-05-01\ntitle: Second\n", 2, "Jekyll");
    expect(read.ok && read.data).toEqual({ title: "Second", date: "2026-05-01" });
    expect(read.ok && read.quirks).toEqual([
      {
        code: "DuplicateKey",
        line: 4,
        message: '"title" is set again (first on line 2); the last value wins, as Jekyll read it',
      },
    ]);
  });

  it("reads a double- or single-quoted value continued on unindented lines as one value", () => {
    const read = readLenientYaml("a: \"one\ntwo\"\nb: 'it''s\nthree'\nc: 1\n", 5, "Hugo");
    expect(read.ok && read.data).toEqual({ a: "one two", b: "it's three", c: 1 });
    expect(read.ok && read.quirks.map((q) => [q.code, q.line])).toEqual([
      ["QuotedContinuation", 6],
      ["QuotedContinuation", 8],
    ]);
  });

  it("leaves valid YAML alone: an indented continuation is not a quirk", () => {
    const read = readLenientYaml('a: "one\n  two"\n', 1, "Hugo");
    expect(read.ok && read.data).toEqual({ a: "one two" });
    expect(read.ok && read.quirks).toEqual([]);
  });

  it("keeps dates as text, for the caller to read in the site's zone", () => {
    const read = readLenientYaml("date: 2026-05-01 09:30:00 +0200\nday: 2026-05-01\n", 1, "Jekyll");
    expect(read.ok && read.data).toEqual({ date: "2026-05-01 09:30:00 +0200", day: "2026-05-01" });
  });

  it("finds YAML neither generator could read unreadable, at its line", () => {
    const read = readLenientYaml("title: ok\ntags: [a, b\ndate: x\n", 10, "Hugo");
    expect(read.ok).toBe(false);
    expect(!read.ok && read.line).toBeGreaterThanOrEqual(11);
    expect(!read.ok && read.message).toMatch(/^the front matter is not YAML Hugo could read/);
    expect(readLenientYaml("- a\n- b\n", 1, "Hugo").ok).toBe(false);
  });

  it("locates each top-level key in the file", () => {
    const read = readLenientYaml("title: A\n\ntags: [x]\n", 3, "Hugo");
    expect(read.ok && [read.lineOf("title"), read.lineOf("tags"), read.lineOf("absent")]).toEqual([
      3, 5, 3,
    ]);
  });
});

describe("reading TOML and JSON front matter", () => {
  it("turns TOML dates into their text, with or without an offset", () => {
    const read = readFrontMatter(
      splitFrontMatter(
        "+++\ndate = 2026-05-01T09:30:00+02:00\nlocal = 2026-05-01T09:30:00\nday = 2026-05-01\n+++\n",
        "hugo",
      ),
      "Hugo",
    );
    expect(read.ok && read.data).toEqual({
      date: "2026-05-01T09:30:00.000+02:00",
      local: "2026-05-01T09:30:00.000",
      day: "2026-05-01",
    });
    expect(read.ok && read.lineOf("local")).toBe(3);
  });

  it("finds a repeated TOML key an error, as Hugo's go-toml does, located", () => {
    const read = readFrontMatter(
      splitFrontMatter('+++\ntitle = "A"\ntitle = "B"\n+++\n', "hugo"),
      "Hugo",
    );
    expect(read).toMatchObject({ ok: false, line: 3 });
  });

  it("locates a JSON syntax error", () => {
    const read = readFrontMatter(
      splitFrontMatter('{\n  "title": "A",\n  "date": ,\n}\n', "hugo"),
      "Hugo",
    );
    expect(read).toMatchObject({ ok: false, line: 3 });
  });
});

describe("reading values as the old generators took them", () => {
  it("reads dates in their many forms, zone-less ones in the site's zone", () => {
    const zone = "Africa/Johannesburg";
    expect(readSourceDate("2026-05-01 09:30:00 +0200", zone)).toMatchObject({
      epochMs: Date.parse("2026-05-01T07:30:00Z"),
      hadZone: true,
    });
    expect(readSourceDate("2026-05-01T09:30", zone)).toMatchObject({
      epochMs: Date.parse("2026-05-01T07:30:00Z"),
      hadZone: false,
    });
    expect(readSourceDate("2026-05-01", zone)?.epochMs).toBe(Date.parse("2026-04-30T22:00:00Z"));
    expect(readSourceDate("Thu, 14 May 2026 07:30:00 +0000", zone)?.epochMs).toBe(
      Date.parse("2026-05-14T07:30:00Z"),
    );
    expect(readSourceDate("14 May 2026", zone)?.epochMs).toBe(Date.parse("2026-05-13T22:00:00Z"));
    expect(readSourceDate(1779516000, zone)?.epochMs).toBe(1779516000 * 1000);
    expect(readSourceDate("2026-02-30", zone)).toBeUndefined();
    expect(readSourceDate("next Tuesday", zone)).toBeUndefined();
  });

  it("reads tags, booleans and text leniently, saying when a value had another type", () => {
    expect(readList("news local", true)).toEqual({ value: ["news", "local"], coerced: false });
    expect(readList("Local news")).toEqual({ value: ["Local news"], coerced: false });
    expect(readList(["a", 2019, "a", ""])).toEqual({ value: ["a", "2019"], coerced: true });
    expect([readBoolean("yes"), readBoolean("Off"), readBoolean("maybe")]).toEqual([
      true,
      false,
      undefined,
    ]);
    expect(readText(1984)).toEqual({ value: "1984", coerced: true });
  });
});
