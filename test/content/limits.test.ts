import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config-schema.js";
import { formatDiagnostic } from "../../src/errors/format-diagnostic.js";
import { type BuiltSite, buildSite, type FileTree } from "../helpers/build-site.js";

/**
 * Front-matter limits (`limits` in the config): each is a located `LimitExceeded` error that
 * names the config key, with a default no newsroom reaches, and a key that raises it.
 */

const story = "content/articles/story.md";
const page = "content/pages/about.md";

function article(lines: readonly string[]): string {
  return `---\n${["title: A story", "date: 2026-05-26T09:30:00+02:00", "section: news", ...lines].join("\n")}\n---\nBody text.\n`;
}

/** `tags:` as a block list, one item a line, starting on line 5. */
function list(field: string, count: number, noun: string): string[] {
  return [`${field}:`, ...Array.from({ length: count }, (_, i) => `  - ${noun} ${i + 1}`)];
}

let built: BuiltSite | undefined;
afterEach(async () => {
  if (built) await rm(built.root, { recursive: true, force: true });
  built = undefined;
});

async function check(tree: FileTree) {
  built = await buildSite(tree, { dryRun: true });
  return built.result;
}

describe("front-matter limits", () => {
  it("have defaults a newsroom never reaches", () => {
    expect(configSchema.parse({}).limits).toMatchObject({
      tagsPerArticle: 200,
      authorsPerArticle: 50,
      titleLength: 500,
      summaryLength: 5000,
    });
  });

  it("stop an article with more tags than limits.tagsPerArticle, at the first tag too many", async () => {
    const result = await check({ [story]: article(list("tags", 201, "Topic")) });
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0])).toEqual([
      expect.stringMatching(
        /^content\/articles\/story\.md:206:5 {2}tags\.200 {2}tags has 201 tags; at most 200 are allowed \(limits\.tagsPerArticle\) \(hint: .*raise limits\.tagsPerArticle in the config\) {2}\[LimitExceeded\]$/,
      ),
    ]);
    // Exactly at the limit is fine.
    expect((await check({ [story]: article(list("tags", 200, "Topic")) })).exitCode).toBe(0);
  });

  it("stop an article with more authors than limits.authorsPerArticle", async () => {
    const result = await check({ [story]: article(list("authors", 51, "Writer")) });
    expect(result.diagnostics).toMatchObject([
      { code: "LimitExceeded", file: story, line: 56, column: 5, field: "authors.50" },
    ]);
  });

  it("stop a title or summary longer than their limits, counting characters", async () => {
    const long = await check({
      [story]: article([`summary: ${"é".repeat(5001)}`]).replace("A story", "Ü".repeat(501)),
      [page]: `---\ntitle: ${"x".repeat(501)}\n---\nAbout us.\n`,
    });
    expect(long.diagnostics).toMatchObject([
      { code: "LimitExceeded", file: story, line: 2, column: 8, field: "title" },
      { code: "LimitExceeded", file: story, line: 5, column: 10, field: "summary" },
      { code: "LimitExceeded", file: page, line: 2, column: 8, field: "title" },
    ]);
    expect(long.diagnostics[0]?.message).toBe(
      "title is 501 characters long; at most 500 are allowed (limits.titleLength)",
    );
    // Emoji are one character each, though two UTF-16 units.
    const emoji = await check({ [story]: article([]).replace("A story", "🗞".repeat(500)) });
    expect(emoji.exitCode).toBe(0);
  });

  it("are raised (or lowered) in the config", async () => {
    const result = await check({
      "newsdeck.config.mjs":
        "export default { limits: { tagsPerArticle: 3000, authorsPerArticle: 2, titleLength: 5 } };\n",
      [story]: article([...list("tags", 3000, "Topic"), ...list("authors", 3, "Writer")]),
    });
    expect(result.diagnostics.map((d) => [d.code, d.field])).toEqual([
      ["LimitExceeded", "title"],
      ["LimitExceeded", "authors.2"],
    ]);
  });

  it("reject a limit that is not a positive whole number", async () => {
    const result = await check({
      "newsdeck.config.mjs": "export default { limits: { tagsPerArticle: 0 } };\n",
      [story]: article([]),
    });
    expect(result.exitCode).toBe(2);
    expect(result.diagnostics[0]).toMatchObject({ code: "ConfigInvalid" });
    expect(result.diagnostics[0]?.message).toContain("limits.tagsPerArticle");
  });
});
