import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { locateConfigKey } from "../../src/config/locate-config-key.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { NewsdeckError } from "../../src/errors/diagnostic.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "newsdeck-config-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The diagnostics loadConfig throws, as `file:line:column field code`. */
async function problems(): Promise<string[]> {
  try {
    await loadConfig(root);
  } catch (error) {
    if (!(error instanceof NewsdeckError)) throw error;
    expect(error.exitCode).toBe(2);
    return error.diagnostics.map(
      (d) => `${d.file}:${d.line}:${d.column} ${d.field ?? "-"} ${d.code}`,
    );
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the defaults when there is no config file", async () => {
    const loaded = await loadConfig(root);
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.site.timezone).toBe("UTC");
    expect(loaded.config.permalinks.article).toBe("/:section/:yyyy/:mm/:dd/:slug/");
  });

  it("locates every problem of a TypeScript config at its key, in file order", async () => {
    await writeFile(
      path.join(root, "newsdeck.config.ts"),
      `import { defineConfig } from "newsdeck";

export default defineConfig({
  site: {
    titel: "The Ledger",
    timezone: "Mars/Olympus_Mons",
  },
  pagination: { perPage: 0 },
  disclaimers: [
    { tags: ["COVID-19"], partial: "covid-19" },
    { tags: ["Courts"], partial: "Legal Hold" },
  ],
});
`,
    );
    expect(await problems()).toEqual([
      "newsdeck.config.ts:5:5 site.titel ConfigInvalid",
      "newsdeck.config.ts:6:5 site.timezone ConfigInvalid",
      "newsdeck.config.ts:8:17 pagination.perPage ConfigInvalid",
      "newsdeck.config.ts:11:25 disclaimers.1.partial ConfigInvalid",
    ]);
  });

  it("reads the config again when it changes in a long-running process", async () => {
    const file = path.join(root, "newsdeck.config.mjs");
    await writeFile(file, `export default { site: { title: "First" } };\n`);
    expect((await loadConfig(root)).config.site.title).toBe("First");
    await writeFile(file, `export default { site: { title: "Second" } };\n`);
    expect((await loadConfig(root)).config.site.title).toBe("Second");
    await writeFile(file, `export default { site: { titel: "Third" } };\n`);
    expect(await problems()).toEqual(["newsdeck.config.mjs:1:26 site.titel ConfigInvalid"]);
  });

  it("locates a syntax error at the parser's line and column", async () => {
    await writeFile(
      path.join(root, "newsdeck.config.mjs"),
      `export default {\n  site: { title: "x" ,, },\n};\n`,
    );
    expect(await problems()).toEqual(["newsdeck.config.mjs:2:23 - ConfigNotFound"]);
  });

  it("locates an exception thrown while the config runs", async () => {
    await writeFile(
      path.join(root, "newsdeck.config.mjs"),
      `const sections = undefined;\nexport default { sections: sections.list };\n`,
    );
    const [problem] = await problems();
    expect(problem).toMatch(/^newsdeck\.config\.mjs:2:\d+ - ConfigNotFound$/);
  });

  it("refuses permalink patterns without their token or that leave the output folder", () => {
    expect(() =>
      parseConfig({ permalinks: { article: "/news/:yyyy/", page: "/../:name/" } }, undefined),
    ).toThrow(NewsdeckError);
    try {
      parseConfig({ permalinks: { article: "/news/:yyyy/", page: "/../:name/" } }, undefined);
    } catch (error) {
      expect((error as NewsdeckError).diagnostics.map((d) => [d.field, d.message])).toEqual([
        [
          "permalinks.page",
          'permalink pattern "/../:name/" is not a safe URL path: contains a . or .. segment',
        ],
        [
          "permalinks.article",
          'permalink pattern "/news/:yyyy/" has no :slug, so every article would get the same URL',
        ],
      ]);
    }
  });

  it("names the closest known key for a misspelt one", () => {
    try {
      parseConfig({ sectoins: {} }, "newsdeck.config.ts");
      expect.unreachable();
    } catch (error) {
      const [diagnostic] = (error as NewsdeckError).diagnostics;
      expect(diagnostic?.message).toBe('unknown config key "sectoins"');
      expect(diagnostic?.hint).toBe('did you mean "sections"?');
    }
  });
});

describe("locateConfigKey", () => {
  const source = `// The site's config
import { defineConfig } from "newsdeck";

const shared = { title: "not this one" };

export default defineConfig({
  site: { title: "The Ledger", "url": 'https://news.example.org' },
  /* sections: { commented: {} } */
  sections: {
    politics: { title: "Politics" },
    "health-care": { title: "Health" },
  },
  disclaimers: [
    { tags: ["a"], partial: "one" },
    {
      tags: ["b", "c"],
      partial: "two",
    },
  ],
});
`;

  it.each([
    [["site"], 7, 3],
    [["site", "title"], 7, 11],
    [["site", "url"], 7, 32],
    [["sections", "politics", "title"], 10, 17],
    [["sections", "health-care"], 11, 5],
    [["disclaimers", 0, "partial"], 14, 20],
    [["disclaimers", 1, "partial"], 17, 7],
    [["disclaimers", 1, "tags", 1], 16, 19],
  ] as const)("finds %j at %i:%i", (keyPath, line, column) => {
    expect(locateConfigKey(source, keyPath)).toEqual({ line, column });
  });

  it("gives the deepest step it finds for a key that is not written", () => {
    expect(locateConfigKey(source, ["site", "timezone"])).toEqual({ line: 7, column: 3 });
  });

  it("follows `export default config` to the object it names", () => {
    const text = `const config = {\n  site: { title: "x" },\n};\nexport default config;\n`;
    expect(locateConfigKey(text, ["site", "title"])).toEqual({ line: 2, column: 11 });
  });

  it("finds nothing in a file without a default export", () => {
    expect(locateConfigKey("const a = { site: {} };\n", ["site"])).toBeUndefined();
  });
});
