import { afterEach, describe, expect, it } from "vitest";
import { diagnosticCatalog } from "../../src/errors/catalog.js";
import {
  compareDiagnostics,
  createDiagnostic,
  hasFailures,
  NewsdeckError,
} from "../../src/errors/diagnostic.js";
import { createCodeFrame, formatDiagnostic } from "../../src/errors/format-diagnostic.js";
import { suggestClosest } from "../../src/errors/suggest-closest.js";
import { type BuiltSite, buildSite } from "../helpers/build-site.js";

describe("formatDiagnostic", () => {
  it("prints path:line:column, field, message, hint and code as the contract shows", () => {
    const diagnostic = createDiagnostic("DateInvalid", '"26 May" is not an ISO 8601 date', {
      file: "content/articles/2026/05/ransomware.md",
      line: 4,
      column: 7,
      field: "date",
      hint: "2026-05-26 or 2026-05-26T09:30:00+02:00",
    });
    expect(formatDiagnostic(diagnostic)).toBe(
      'content/articles/2026/05/ransomware.md:4:7  date  "26 May" is not an ISO 8601 date (hint: 2026-05-26 or 2026-05-26T09:30:00+02:00)  [DateInvalid]',
    );
  });

  it("marks warnings and leaves out what is unknown", () => {
    const warning = createDiagnostic("LinkBroken", "link to /x/ points to no page of this site", {
      file: "content/pages/about.md",
      line: 9,
    });
    expect(formatDiagnostic(warning)).toBe(
      "content/pages/about.md:9  link to /x/ points to no page of this site  [warning LinkBroken]",
    );
    expect(formatDiagnostic(createDiagnostic("UsageInvalid", "no command given"))).toBe(
      "newsdeck  no command given  [UsageInvalid]",
    );
  });

  it("draws a code frame with a caret under the column", () => {
    expect(createCodeFrame("a: 1\nb: two\nc: 3\n", 2, 4)).toBe(
      ["    1 | a: 1", "  > 2 | b: two", "      |    ^", "    3 | c: 3", "    4 | "].join("\n"),
    );
  });
});

describe("the catalog", () => {
  it("has PascalCase codes, each with a severity and a title", () => {
    for (const [code, entry] of Object.entries(diagnosticCatalog)) {
      expect(code).toMatch(/^[A-Z][a-zA-Z]+$/);
      expect(["error", "warning"]).toContain(entry.severity);
      expect(entry.title.length).toBeGreaterThan(10);
    }
  });
});

describe("suggestClosest", () => {
  it.each([
    ["tittle", "title"],
    ["titel", "title"],
    ["sectoin", "section"],
    ["Tags", "tags"],
    ["disclaimers", "disclaimer"],
  ])("suggests a known field for the typo %s", (typo, field) => {
    expect(suggestClosest(typo, ["title", "section", "tags", "disclaimer", "date"])).toBe(field);
  });

  it("suggests nothing for a word that is not close to any", () => {
    expect(suggestClosest("headline", ["title", "section", "tags"])).toBeUndefined();
  });
});

describe("ordering and failure", () => {
  it("sorts by file, then line, then column", () => {
    const at = (file: string, line: number, column: number) =>
      createDiagnostic("FieldType", "x", { file, line, column });
    const sorted = [
      at("content/b.md", 1, 1),
      at("content/a.md", 10, 1),
      at("content/a.md", 2, 9),
      at("content/a.md", 2, 3),
    ].sort(compareDiagnostics);
    expect(sorted.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      "content/a.md:2:3",
      "content/a.md:2:9",
      "content/a.md:10:1",
      "content/b.md:1:1",
    ]);
  });

  it("fails on errors always and on warnings only when strict", () => {
    const warning = createDiagnostic("TagsMerged", "merged");
    expect(hasFailures([warning])).toBe(false);
    expect(hasFailures([warning], true)).toBe(true);
    expect(hasFailures([createDiagnostic("FieldType", "x")])).toBe(true);
  });

  it("keeps a NewsdeckError's diagnostics sorted", () => {
    const error = new NewsdeckError([
      createDiagnostic("ConfigInvalid", "b", { file: "newsdeck.config.ts", line: 9 }),
      createDiagnostic("ConfigInvalid", "a", { file: "newsdeck.config.ts", line: 2 }),
    ]);
    expect(error.diagnostics.map((d) => d.line)).toEqual([2, 9]);
    expect(error.exitCode).toBe(1);
  });
});

describe("a run with problems in many files", () => {
  let site: BuiltSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it("reports all of them at once, sorted by file, and exits 1", async () => {
    const ok = (extra = "") =>
      `---\ntitle: A story\ndate: 2026-05-26\nsection: politics\n${extra}---\nBody.\n`;
    site = await buildSite(
      {
        "newsdeck.config.mjs": `export default { sections: { politics: { title: "Politics" } } };\n`,
        "content/articles/c.md": ok("tittle: x\n"),
        "content/articles/a.md": ok("date: 26 May 2026\n").replace("date: 2026-05-26\n", ""),
        "content/articles/b.md": ok("image:\n  src: ./none.jpg\n"),
        "content/articles/d.md": ok("slug: shared\n"),
        "content/articles/e.md": ok("slug: shared\n"),
        "content/authors/x.md": "---\nname: [1]\n---\n",
        "content/pages/about.md": "---\ntitle: About\n---\n[Broken](/nowhere/)\n",
      },
      { dryRun: true },
    );
    expect(site.result.exitCode).toBe(1);
    expect(site.result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(
      [
        "content/articles/a.md:4:7 DateInvalid",
        "content/articles/b.md:5:1 ImageAltMissing",
        "content/articles/c.md:5:1 FieldUnknown",
        "content/articles/e.md:5:7 DuplicateUrl",
        "content/authors/x.md:2:7 FieldType",
      ],
    );
  });

  it("also renders the valid pages for their body and template problems, writing nothing", async () => {
    site = await buildSite({
      "newsdeck.config.mjs": `export default { sections: { politics: { title: "Politics" } } };\n`,
      "content/articles/a.md": "---\ntitle: A\ndate: 2026-05-26\nsection: sport\n---\nBody.\n",
      "content/articles/b.md":
        "---\ntitle: B\ndate: 2026-05-26\nsection: politics\n---\nText.\n\n![A map](./map.png)\n",
      "templates/layouts/page.eta": "<% layout('layouts/base', it) %>\n<%= it.nothing.here %>\n",
      "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
    });
    expect(site.result.exitCode).toBe(1);
    expect(site.result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      "content/articles/a.md:4 SectionUnknown",
      "content/articles/b.md:8 ImageNotFound",
      "templates/layouts/page.eta:2 TemplateError",
    ]);
    expect(await site.files()).toEqual([]);
  });
});
