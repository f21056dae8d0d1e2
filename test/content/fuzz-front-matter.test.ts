import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import { findControlCharacter } from "../../src/content/front-matter-schema.js";
import { parseFrontMatter } from "../../src/content/parse-front-matter.js";
import {
  type SourceText,
  validateArticle,
  validateAuthor,
  validatePage,
} from "../../src/content/validate-article.js";
import type { Diagnostic } from "../../src/errors/diagnostic.js";
import { buildSite } from "../helpers/build-site.js";

/**
 * Property tests: whatever a writer types, validation never throws. It either accepts the file
 * or explains why not with at least one error that names the file and a line inside it.
 */

const file = "content/articles/2026/05/story.md";
const config = parseConfig(
  { sections: { politics: { title: "Politics" }, health: { title: "Health" } } },
  undefined,
);
const context = { config, root: "/site", fileExists: (p: string) => p.endsWith(".jpg") };

const knownKeys = [
  "title",
  "date",
  "section",
  "tags",
  "authors",
  "source",
  "dateline",
  "summary",
  "image",
  "gallery",
  "credits",
  "updated",
  "corrections",
  "disclaimer",
  "comments",
  "donate",
  "draft",
  "expires",
  "aliases",
  "canonical",
  "slug",
];

/** Text with the characters that break things: unicode, controls, quotes, YAML indicators. */
const nastyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u0007bell",
    "\u2028",
    "\uFEFF",
    "..",
    "../../etc/passwd",
    "%2e%2e/x",
    "a\\b",
    "<script>alert(1)</script>",
    '" onmouseover="x',
    "key: value",
    "- item",
    "&anchor",
    "*alias",
    "!!binary aGk=",
    "{a: 1}",
    "[1, 2",
    "2026-05-26",
    "2026-05-26T09:30:00+02:00",
    "26 May 2026",
    "2026-02-30",
    "politics",
    "health",
    "none",
    "open",
    "./photo.jpg",
    "/images/x.png",
    "https://example.org/x",
    "javascript:alert(1)",
    "日本語のタイトル",
    "🙂🙃",
  ),
);

const scalar = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const yamlValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom("src", "alt", "caption", "date", "text"), nastyText),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** Front matter with known keys (often well-typed), unknown keys, and random values. */
const frontMatterData = fc.dictionary(
  fc.oneof(fc.constantFrom(...knownKeys), fc.constantFrom("tittle", "sectoin", "tags "), nastyText),
  yamlValue,
  { maxKeys: 10 },
);

/** Serialised as YAML, or as raw lines that may not be YAML at all. */
const frontMatterText = fc.oneof(
  frontMatterData.map((data) => stringify(data)),
  fc
    .array(
      fc
        .tuple(fc.oneof(fc.constantFrom(...knownKeys), nastyText), nastyText)
        .map(([k, v]) => `${k}: ${v}`),
      { maxLength: 8 },
    )
    .map((lines) => lines.join("\n")),
  fc.string({ unit: "binary", maxLength: 120 }),
);

const markdownBody = fc
  .array(
    fc.oneof(
      nastyText,
      fc.constantFrom(
        "# Heading",
        "> quote",
        "- item\n- item",
        "```js\ncode\n```",
        "[link](/politics/2026/05/26/story/)",
        "[broken](/no/such/page/)",
        "[js](javascript:alert(1))",
        "![img](./missing.png)",
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<iframe src="https://evil.example/"></iframe>',
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "---",
        "***bold italic***",
        "[^1]\n\n[^1]: note",
        ":::note\ntext\n:::",
      ),
    ),
    { maxLength: 8 },
  )
  .map((blocks) => blocks.join("\n\n"));

function source(text: string, name = file): SourceText {
  return { file: name, absPath: `/site/${name}`, hash: "0", text };
}

/** Every error names the file and a line within it (or the line just after it). */
function expectLocated(diagnostics: readonly Diagnostic[], text: string, name = file) {
  const lines = text.split("\n").length;
  for (const d of diagnostics) {
    expect(d.file).toBe(name);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    if (d.column !== undefined) expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe("random front matter", () => {
  it("never throws and either yields an article or located errors", () => {
    fc.assert(
      fc.property(frontMatterText, markdownBody, (yamlText, body) => {
        const text = `---\n${yamlText}\n---\n${body}\n`;
        const parsed = parseFrontMatter(text, file);
        const result = validateArticle(source(text), parsed, context);
        expectLocated(result.diagnostics, text);
        if (result.value === undefined) {
          expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
        } else {
          expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          expect(typeof result.value.title).toBe("string");
          expect(Number.isFinite(result.value.date)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("accepts any well-typed article, whatever unicode its text holds", () => {
    const text = fc
      .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
      .filter((s) => s.trim().length > 0 && findControlCharacter(s) === undefined);
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), text, (title, tags, summary) => {
        const yamlText = stringify({
          title,
          date: "2026-05-26T09:30:00+02:00",
          section: "health",
          tags,
          summary,
        });
        const full = `---\n${yamlText}---\nBody.\n`;
        const result = validateArticle(source(full), parseFrontMatter(full, file), context);
        expect(result.diagnostics).toEqual([]);
        expect(result.value?.title).toBe(title.trim());
      }),
      { numRuns: 100 },
    );
  });

  it("never throws on whole files of random text, front matter or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.string({ maxLength: 200 }).map((s) => `---${s}`),
          fc.string({ maxLength: 200 }).map((s) => `\uFEFF---\r\n${s}\r\n---\r\n`),
        ),
        (text) => {
          const parsed = parseFrontMatter(text, file);
          const article = validateArticle(source(text), parsed, context);
          const author = validateAuthor(source(text, "content/authors/x.md"), parsed);
          const page = validatePage(source(text, "content/pages/x.md"), parsed, context);
          expectLocated(article.diagnostics, text);
          if (!article.value) expect(article.diagnostics.length).toBeGreaterThan(0);
          if (!author.value) expect(author.diagnostics.length).toBeGreaterThan(0);
          if (!page.value) expect(page.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("random sites", () => {
  it("build or fail with located errors, never with an unhandled exception", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(frontMatterData, markdownBody), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (articles, validFirst) => {
          const tree: Record<string, string> = {
            "newsdeck.config.mjs": `export default ${JSON.stringify({ sections: { politics: { title: "Politics" } } })};\n`,
          };
          articles.forEach(([data, body], index) => {
            const fields =
              validFirst && index === 0
                ? { ...data, title: "A story", date: "2026-05-26", section: "politics" }
                : data;
            tree[`content/articles/story-${index}.md`] = `---\n${stringify(fields)}---\n${body}\n`;
          });
          const site = await buildSite(tree, { dryRun: true });
          try {
            expect([0, 1]).toContain(site.result.exitCode);
            const errors = site.result.diagnostics.filter((d) => d.severity === "error");
            if (site.result.exitCode === 1) expect(errors.length).toBeGreaterThan(0);
            for (const d of errors) {
              expect(d.file, `${d.code}: ${d.message}`).toBeDefined();
              expect(d.line, `${d.code}: ${d.message}`).toBeGreaterThanOrEqual(1);
            }
          } finally {
            await site.cleanup();
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
