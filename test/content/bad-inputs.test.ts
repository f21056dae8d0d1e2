import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/errors/diagnostic.js";
import { type BuiltSite, buildSite, type FileTree } from "../helpers/build-site.js";

/**
 * One tiny site per bad input, checked the way `newsdeck check` checks it, with the exact
 * diagnostics expected: code, file, line, column, field and severity. Each case's site is
 * valid except for the one problem named, so any other diagnostic is a defect too.
 */

const config = `export default {
  sections: { politics: { title: "Politics" }, health: { title: "Health" } },
};
`;

/** A valid article whose front matter lines are: 1 ---, 2 title, 3 date, 4 section, 5+ extra. */
function story(extra = "", body = "Body text.") {
  return `---\ntitle: A story\ndate: 2026-05-26T09:30:00+02:00\nsection: politics\n${extra}---\n${body}\n`;
}

const a = "content/articles/a.md";
const b = "content/articles/b.md";

interface Expected {
  readonly code: Diagnostic["code"];
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field?: string | undefined;
  readonly severity?: Diagnostic["severity"];
}

interface BadInput {
  readonly name: string;
  readonly tree: FileTree;
  readonly exit: 0 | 1 | 2;
  readonly expected: readonly Expected[];
  /** Text the first diagnostic's message (or hint) must contain. */
  readonly says?: readonly string[];
  readonly strict?: boolean;
}

const cases: BadInput[] = [
  {
    name: "an unquoted colon in a value is a YAML syntax error at its column",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story().replace("A story", "Budget: what changes"),
    },
    exit: 1,
    expected: [{ code: "YamlSyntax", file: a, line: 2, column: 8 }],
    says: ['quote values that contain a colon (title: "A: B")'],
  },
  {
    name: "a flow list that is never closed is a YAML syntax error",
    tree: { "newsdeck.config.mjs": config, [a]: story("tags: [Health, Water\n") },
    exit: 1,
    expected: [{ code: "YamlSyntax", file: a, line: 5, column: 21 }],
  },
  {
    name: "a field given twice is a YAML error at the second one",
    tree: { "newsdeck.config.mjs": config, [a]: story("title: Again\n") },
    exit: 1,
    expected: [{ code: "YamlSyntax", file: a, line: 5, column: 1 }],
    says: ["Map keys must be unique"],
  },
  {
    name: "JavaScript front matter is refused, never evaluated",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: "---js\n({ title: process.exit(9) })\n---\nBody.\n",
    },
    exit: 1,
    expected: [{ code: "YamlSyntax", file: a, line: 1, column: 4 }],
    says: ['front matter marked as "js" is not supported'],
  },
  {
    name: "aliases that expand without bound are refused at the first alias",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(
        "x: &x [a, a, a, a, a, a, a, a]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x]\nz: [*y, *y, *y, *y, *y, *y, *y, *y]\n",
      ),
    },
    exit: 1,
    expected: [{ code: "YamlSyntax", file: a, line: 6, column: 8 }],
  },
  {
    name: "a file without front matter says so at its first line",
    tree: { "newsdeck.config.mjs": config, [a]: "Just a body.\n" },
    exit: 1,
    expected: [{ code: "FrontMatterMissing", file: a, line: 1, column: 1 }],
  },
  {
    name: "front matter that is a list, not fields, is a type error",
    tree: { "newsdeck.config.mjs": config, [a]: "---\n- title\n- date\n---\nBody.\n" },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 2, column: 1 }],
  },
  {
    name: "a missing title is reported at the start of the front matter",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: "---\ndate: 2026-05-26\nsection: politics\n---\nBody.\n",
    },
    exit: 1,
    expected: [{ code: "FieldRequired", file: a, line: 2, column: 1, field: "title" }],
    says: ["add a headline"],
  },
  {
    name: "a title with no value is reported at its key",
    tree: { "newsdeck.config.mjs": config, [a]: story().replace("title: A story", "title:") },
    exit: 1,
    expected: [{ code: "FieldRequired", file: a, line: 2, column: 1, field: "title" }],
  },
  {
    name: "a title of only spaces counts as missing",
    tree: { "newsdeck.config.mjs": config, [a]: story().replace("A story", '"   "') },
    exit: 1,
    expected: [{ code: "FieldRequired", file: a, line: 2, column: 8, field: "title" }],
  },
  {
    name: "a title that YAML reads as a number is a type error with a quoting hint",
    tree: { "newsdeck.config.mjs": config, [a]: story().replace("A story", "2026") },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 2, column: 8, field: "title" }],
    says: ["title must be text, not the number 2026", 'put the value in quotes: title: "2026"'],
  },
  {
    name: "tags written as one string is a type error asking for a list",
    tree: { "newsdeck.config.mjs": config, [a]: story("tags: COVID-19\n") },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 5, column: 7, field: "tags" }],
    says: ["write a list: tags: [First, Second]"],
  },
  {
    name: "a nested list inside tags is a type error at the item",
    tree: { "newsdeck.config.mjs": config, [a]: story("tags: [Health, [Water]]\n") },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 5, column: 16, field: "tags.1" }],
  },
  {
    name: "draft: yes (YAML 1.2 text, not a boolean) is a type error",
    tree: { "newsdeck.config.mjs": config, [a]: story("draft: yes\n") },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 5, column: 8, field: "draft" }],
  },
  {
    name: "an unknown comments mode lists the allowed ones",
    tree: { "newsdeck.config.mjs": config, [a]: story("comments: maybe\n") },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 5, column: 11, field: "comments" }],
    says: ["comments must be one of open, closed, disabled"],
  },
  {
    name: "a javascript: canonical URL is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story('canonical: "javascript:alert(1)"\n') },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 5, column: 12, field: "canonical" }],
  },
  {
    name: "an invisible control character in a title is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story().replace("A story", '"A\\u0007story"') },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 2, column: 8, field: "title" }],
    says: ["U+0007"],
  },
  {
    name: "a misspelt field is unknown and suggests the right one, once",
    tree: { "newsdeck.config.mjs": config, [a]: story().replace("title:", "tittle:") },
    exit: 1,
    expected: [{ code: "FieldUnknown", file: a, line: 2, column: 1, field: "tittle" }],
    says: ['did you mean "title"?'],
  },
  {
    name: "a misspelt image field is unknown at its own line",
    tree: {
      "newsdeck.config.mjs": config,
      "content/articles/photo.jpg": "not really a jpeg",
      [a]: story("image:\n  src: ./photo.jpg\n  alt: Nurses outside a clinic\n  captoin: Nurses\n"),
    },
    exit: 1,
    expected: [{ code: "FieldUnknown", file: a, line: 8, column: 3, field: "image.captoin" }],
    says: ['did you mean "caption"?'],
  },
  {
    name: "a date that is not ISO 8601 is located at its value with the corrected form",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story().replace("2026-05-26T09:30:00+02:00", "26 May 2026"),
    },
    exit: 1,
    expected: [{ code: "DateInvalid", file: a, line: 3, column: 7, field: "date" }],
    says: ['"26 May 2026" is not an ISO 8601 date', "2026-05-26"],
  },
  {
    name: "a date with a time in another notation gets the ISO form in the site's timezone",
    tree: {
      "newsdeck.config.mjs": `export default { site: { timezone: "Africa/Johannesburg" } };\n`,
      [a]: story().replace("2026-05-26T09:30:00+02:00", '"May 26, 2026 9:30"'),
    },
    exit: 1,
    expected: [{ code: "DateInvalid", file: a, line: 3, column: 7, field: "date" }],
    says: ["2026-05-26T09:30:00+02:00"],
  },
  {
    name: "an impossible calendar date is not a date",
    tree: { "newsdeck.config.mjs": config, [a]: story("updated: 2026-02-30\n") },
    exit: 1,
    expected: [{ code: "DateInvalid", file: a, line: 5, column: 10, field: "updated" }],
  },
  {
    name: "a date written as a mapping is a type error, not a silent skip",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story().replace("date: 2026-05-26T09:30:00+02:00", "date: { day: 26 }"),
    },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 3, column: 7, field: "date" }],
  },
  {
    name: "a correction with a bad date is located inside the list",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story("corrections:\n  - date: yesterday\n    text: Fixed the spelling.\n"),
    },
    exit: 1,
    expected: [{ code: "DateInvalid", file: a, line: 6, column: 11, field: "corrections.0.date" }],
  },
  {
    name: "an unknown section lists the known ones and the closest",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story().replace("section: politics", "section: politcs"),
    },
    exit: 1,
    expected: [{ code: "SectionUnknown", file: a, line: 4, column: 10, field: "section" }],
    says: ['did you mean "politics"? known sections: health, politics'],
  },
  {
    name: "a section named like a property of every object is still unknown",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story().replace("section: politics", "section: constructor"),
    },
    exit: 1,
    expected: [{ code: "SectionUnknown", file: a, line: 4, column: 10, field: "section" }],
  },
  {
    name: "an image without alt text is reported at image",
    tree: {
      "newsdeck.config.mjs": config,
      "content/articles/photo.jpg": "x",
      [a]: story("image:\n  src: ./photo.jpg\n"),
    },
    exit: 1,
    expected: [{ code: "ImageAltMissing", file: a, line: 5, column: 1, field: "image" }],
  },
  {
    name: "a gallery image without alt text is reported at its item",
    tree: {
      "newsdeck.config.mjs": config,
      "content/articles/photo.jpg": "x",
      [a]: story(
        "gallery:\n  - src: ./photo.jpg\n    alt: A ward\n  - src: ./photo.jpg\n    alt: ''\n",
      ),
    },
    exit: 1,
    expected: [{ code: "ImageAltMissing", file: a, line: 8, column: 5, field: "gallery.1" }],
  },
  {
    name: "an image file that does not exist is reported at its src",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story("image:\n  src: ./missing.jpg\n  alt: A ward\n"),
    },
    exit: 1,
    expected: [{ code: "ImageNotFound", file: a, line: 6, column: 8, field: "image.src" }],
    says: ["expected at content/articles/missing.jpg"],
  },
  {
    name: "an image path that climbs out of content/ is refused",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story("image:\n  src: ../../newsdeck.config.mjs\n  alt: A ward\n"),
    },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 6, column: 8, field: "image.src" }],
  },
  {
    name: "a javascript: image src is refused",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story('image:\n  src: "javascript:alert(1)"\n  alt: A\n'),
    },
    exit: 1,
    expected: [{ code: "FieldType", file: a, line: 6, column: 8, field: "image.src" }],
  },
  {
    name: "an article that expires before it is published is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story("expires: 2026-05-01\n") },
    exit: 1,
    expected: [{ code: "ExpiresBeforeDate", file: a, line: 5, column: 10, field: "expires" }],
  },
  {
    name: "a slug that climbs directories is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story("slug: ../../etc/passwd\n") },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 5, column: 7, field: "slug" }],
  },
  {
    name: "an alias with a .. segment is refused at its item",
    tree: { "newsdeck.config.mjs": config, [a]: story("aliases: [/old/, /a/../../etc/]\n") },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 5, column: 18, field: "aliases.1" }],
  },
  {
    name: "an alias with percent-encoded dots is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story("aliases: [/%2e%2e/%2e%2e/x/]\n") },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 5, column: 11, field: "aliases.0" }],
  },
  {
    name: "an alias with a backslash is refused",
    tree: { "newsdeck.config.mjs": config, [a]: story('aliases: ["\\\\..\\\\x"]\n') },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 5, column: 11, field: "aliases.0" }],
  },
  {
    name: "a tag without a letter or digit is located at the tag",
    tree: { "newsdeck.config.mjs": config, [a]: story('tags: [Water, "!!!"]\n') },
    exit: 1,
    expected: [{ code: "PathUnsafe", file: a, line: 5, column: 15, field: "tags" }],
  },
  {
    name: "two articles with one slug: the second file is located at its slug, both are named",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story("slug: water\n"),
      [b]: story("slug: water\n"),
    },
    exit: 1,
    expected: [{ code: "DuplicateUrl", file: b, line: 5, column: 7, field: "slug" }],
    says: [
      "/politics/2026/05/26/water/ is claimed by both content/articles/a.md and content/articles/b.md",
    ],
  },
  {
    name: "two articles whose file names give one URL clash at the second file's start",
    tree: {
      "newsdeck.config.mjs": config,
      "content/articles/2026/water.md": story(),
      "content/articles/archive/water.md": story(),
    },
    exit: 1,
    expected: [
      {
        code: "DuplicateUrl",
        file: "content/articles/archive/water.md",
        line: 1,
        column: 1,
        field: "slug",
      },
    ],
    says: ["content/articles/2026/water.md and content/articles/archive/water.md"],
  },
  {
    name: "an alias that takes another article's URL is located at the alias",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      [b]: story("aliases:\n  - /politics/2026/05/26/a/\n"),
    },
    exit: 1,
    expected: [{ code: "DuplicateUrl", file: b, line: 6, column: 5, field: "aliases" }],
    says: ["content/articles/a.md and content/articles/b.md (alias)"],
  },
  {
    name: "a static page named like a section clashes with the section page",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "content/pages/politics.md": "---\ntitle: Our politics\n---\nText.\n",
    },
    exit: 1,
    expected: [{ code: "DuplicateUrl", file: "content/pages/politics.md", line: 1, column: 1 }],
  },
  {
    name: "a file in public/ that takes a generated page's path is named",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "content/pages/about.md": "---\ntitle: About us\n---\nText.\n",
      "public/about/index.html": "<p>An old copy</p>\n",
    },
    exit: 1,
    expected: [{ code: "DuplicateUrl", file: "public/about/index.html", line: 1, column: 1 }],
  },
  {
    name: "an unknown disclaimer partial is located at the disclaimer field",
    tree: { "newsdeck.config.mjs": config, [a]: story("disclaimer: legal-hold\n") },
    exit: 1,
    expected: [{ code: "PartialNotFound", file: a, line: 5, column: 13, field: "disclaimer" }],
    says: ["add templates/partials/disclaimers/legal-hold.eta"],
  },
  {
    name: "a config rule naming a missing partial is reported once, against the config file",
    tree: {
      "newsdeck.config.mjs": `export default {
  sections: { politics: { title: "Politics" } },
  disclaimers: [
    { tags: ["Elections"], partial: "elections" },
  ],
};
`,
      [a]: story("tags: [Elections]\n"),
      [b]: story("tags: [Elections]\n"),
    },
    exit: 1,
    expected: [
      {
        code: "PartialNotFound",
        file: "newsdeck.config.mjs",
        line: 4,
        column: 28,
        field: "disclaimers.0.partial",
      },
    ],
  },
  {
    name: "a body link to a URL no page produces is a warning at its line, not a failure",
    tree: { "newsdeck.config.mjs": config, [a]: story("", "See [the plan](/politics/plan/).") },
    exit: 0,
    expected: [{ code: "LinkBroken", file: a, line: 6, column: 5, severity: "warning" }],
  },
  {
    name: "a body link to a URL no page produces is an error under --strict",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story("", "First line.\n\nSee [the plan](/politics/no-such-story/)."),
    },
    exit: 1,
    strict: true,
    expected: [{ code: "LinkBroken", file: a, line: 8, column: 5, severity: "error" }],
  },
  {
    name: "an author file without a name is reported in that file",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "content/authors/jane-doe.md": "---\nrole: Reporter\n---\nBio.\n",
    },
    exit: 1,
    expected: [
      {
        code: "FieldRequired",
        file: "content/authors/jane-doe.md",
        line: 2,
        column: 1,
        field: "name",
      },
    ],
  },
  {
    name: "an author file with an invalid email is a type error at the value",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "content/authors/jane-doe.md": "---\nname: Jane Doe\nemail: jane-at-example\n---\nBio.\n",
    },
    exit: 1,
    expected: [
      {
        code: "FieldType",
        file: "content/authors/jane-doe.md",
        line: 3,
        column: 8,
        field: "email",
      },
    ],
  },
  {
    name: "a static page with an unknown field is reported in that page",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "content/pages/about.md": "---\ntitle: About us\ndraftt: true\n---\nText.\n",
    },
    exit: 1,
    expected: [
      { code: "FieldUnknown", file: "content/pages/about.md", line: 3, column: 1, field: "draftt" },
    ],
    says: ['did you mean "draft"?'],
  },
  {
    name: "an unknown config key is a config error (exit 2) at its line",
    tree: {
      "newsdeck.config.mjs": `export default {\n  site: { title: "Ledger", titel: "x" },\n};\n`,
      [a]: story(),
    },
    exit: 2,
    expected: [
      {
        code: "ConfigInvalid",
        file: "newsdeck.config.mjs",
        line: 2,
        column: 28,
        field: "site.titel",
      },
    ],
    says: ['did you mean "title"?'],
  },
  {
    name: "a config value of the wrong type is a config error at its key",
    tree: {
      "newsdeck.config.ts": `import { defineConfig } from "newsdeck";\n\nexport default defineConfig({\n  pagination: { perPage: "ten" },\n});\n`,
      [a]: story(),
    },
    exit: 2,
    expected: [
      {
        code: "ConfigInvalid",
        file: "newsdeck.config.ts",
        line: 4,
        column: 17,
        field: "pagination.perPage",
      },
    ],
    says: ['pagination.perPage must be a whole number, not the text "ten"'],
  },
  {
    name: "a permalink pattern that climbs out of the output folder is a config error",
    tree: {
      "newsdeck.config.mjs": `export default {\n  permalinks: { article: "/../../:slug/" },\n};\n`,
      [a]: story(),
    },
    exit: 2,
    expected: [
      {
        code: "ConfigInvalid",
        file: "newsdeck.config.mjs",
        line: 2,
        column: 17,
        field: "permalinks.article",
      },
    ],
  },
  {
    name: "a config file that does not parse is located at the parser's position",
    tree: {
      "newsdeck.config.mjs": `export default {\n  site: { title: "x" ,, },\n};\n`,
      [a]: story(),
    },
    exit: 2,
    expected: [{ code: "ConfigNotFound", file: "newsdeck.config.mjs", line: 2, column: 23 }],
  },
  {
    name: "a broken site template names the template file, line and column",
    tree: {
      "newsdeck.config.mjs": config,
      [a]: story(),
      "templates/partials/byline.eta": '<p class="byline">\n  <%= it.article.title\n</p>\n',
    },
    exit: 1,
    expected: [
      { code: "TemplateError", file: "templates/partials/byline.eta", line: 2, column: 3 },
    ],
    says: ["while rendering content/articles/a.md"],
  },
];

describe("bad inputs", () => {
  let site: BuiltSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it("has a case for at least thirty kinds of bad input", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)("$name", async ({ tree, exit, expected, says, strict }) => {
    site = await buildSite(tree, { dryRun: true, strict });
    const reported = site.result.diagnostics.map((d) => ({
      code: d.code,
      file: d.file,
      line: d.line,
      column: d.column,
      field: d.field,
      severity: d.severity,
    }));
    const wanted = expected.map((e) => ({
      field: undefined,
      severity: "error",
      ...e,
    }));
    expect(reported).toEqual(wanted);
    expect(site.result.exitCode).toBe(exit);
    const first = site.result.diagnostics[0];
    for (const text of says ?? []) expect(`${first?.message} ${first?.hint}`).toContain(text);
    // A check writes nothing: not even the output folder.
    expect(await site.files()).toEqual([]);
  });
});
