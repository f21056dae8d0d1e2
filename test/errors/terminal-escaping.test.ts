import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createDiagnostic } from "../../src/errors/diagnostic.js";
import { escapeControlCharacters } from "../../src/errors/escape-control-characters.js";
import { createCodeFrame, formatDiagnostic } from "../../src/errors/format-diagnostic.js";
import { writeTree } from "../helpers/build-site.js";
import { runNewsdeck } from "../helpers/newsdeck-process.js";

/**
 * Messages quote content; content is not trusted. An escape sequence in a field value must not
 * clear the screen or retitle the window of whoever reads the CI log, and a binary file must not
 * print raw bytes.
 */

/** Anything a terminal would act on: C0 controls but tab and line feed, DEL, C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what the test looks for.
const terminalControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

const esc = "\u001b";
const bell = "\u0007";
const retitle = `${esc}]0;owned${bell}`;
const clearScreen = `${esc}[2J${esc}[H`;
const csi = "\u009b31m";

describe("messages that quote content", () => {
  it("reach the terminal with every control character escaped", async () => {
    const root = await writeTree({
      "content/articles/date.md": `---\ntitle: Harmless\ndate: "${retitle}${clearScreen}"\nsection: news\n---\nBody.\n`,
      "content/articles/image.md": `---\ntitle: Harmless too\ndate: 2026-11-01\nsection: news\nimage: { src: "gopher:${clearScreen}", alt: "x" }\n---\nBody.\n`,
      "content/articles/key.md": `---\ntitle: Key\ndate: 2026-11-01\nsection: news\n"${clearScreen}titel": x\n---\nBody.\n`,
      "content/articles/c1.md": `---\ntitle: A ${csi}red\u202e headline\ndate: 2026-11-01\nsection: news\n---\nBody.\n`,
      // Raw bytes: some not UTF-8, some control characters that are.
      "content/articles/binary.md": Buffer.concat([randomBytes(2000), Buffer.from(clearScreen)]),
      "content/pages/nul.md": `---\ntitle: Page${"\u0000".repeat(5)}${clearScreen}\n---\nBody.\n`,
      "content/authors/binary.md": Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    });
    try {
      const run = await runNewsdeck(["build", "--root", root, "--now", "2026-11-28T10:00:00Z"]);
      expect(run.code).toBe(1);
      const lines = run.stderr.split("\n");
      const offending = lines.filter((line) => terminalControls.test(line));
      expect(offending).toEqual([]);
      // What was there is still readable, as visible escapes.
      expect(run.stderr).toContain("content/articles/date.md:3:7  date  ");
      expect(run.stderr).toContain('"\\x1B]0;owned\\x07\\x1B[2J\\x1B[H" is not an ISO 8601 date');
      expect(run.stderr).toContain("\\x1B[2J\\x1B[H");
      expect(run.stderr).toContain("content/articles/binary.md:");
      expect(run.stderr).toContain("content/authors/binary.md:");
      expect(run.stderr).toContain("content/pages/nul.md:");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("escapeControlCharacters", () => {
  it("makes C0, DEL, C1 and direction overrides visible, and leaves text and tabs alone", () => {
    expect(escapeControlCharacters(`a${esc}[31mb\u0000c\u007fd\u009be\u202ef\tg\nh\ri`)).toBe(
      "a\\x1B[31mb\\x00c\\x7Fd\\x9Be\\u202Ef\tg\\nh\\ri",
    );
    expect(escapeControlCharacters("Zürich — “quotes” 🗞")).toBe("Zürich — “quotes” 🗞");
  });

  it("is what formatDiagnostic applies to the message, field, path, hint and frame", () => {
    const diagnostic = createDiagnostic("DateInvalid", `"${clearScreen}" is not a date`, {
      file: `content/articles/${esc}.md`,
      line: 1,
      column: 7,
      field: `date${bell}`,
      hint: `not ${retitle}`,
      frame: createCodeFrame(`date: ${clearScreen}\n`, 1, 7),
    });
    const text = formatDiagnostic(diagnostic);
    expect(text).not.toMatch(terminalControls);
    expect(text.split("\n")[0]).toBe(
      'content/articles/\\x1B.md:1:7  date\\x07  "\\x1B[2J\\x1B[H" is not a date (hint: not \\x1B]0;owned\\x07)  [DateInvalid]',
    );
    expect(text).toContain("> 1 | date: \\x1B[2J\\x1B[H");
  });

  it("keeps a code frame of a very long line short, around the column", () => {
    const frame = createCodeFrame(`${"a".repeat(5000)}X${"b".repeat(5000)}`, 1, 5001);
    const [line, caret] = frame.split("\n");
    expect(line?.length).toBeLessThan(140);
    expect(line).toContain("X");
    expect(caret?.indexOf("^")).toBe(line?.indexOf("X"));
  });
});
