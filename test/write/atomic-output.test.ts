import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { testNow } from "../helpers/build-site.js";

/**
 * A build that fails, in whatever phase, leaves the previous output byte for byte as it was
 * (contract section 7), and leaves no staging folder behind. One good build first; then each
 * case breaks one thing, builds again, and restores it.
 */

let parent: string;
let root: string;
let outDir: string;

const article = "content/articles/2026/05/water.md";
const files: Record<string, string> = {
  "newsdeck.config.mjs": `export default {\n  site: { title: "The Ledger" },\n  sections: { politics: { title: "Politics" } },\n};\n`,
  [article]: `---\ntitle: Water restrictions eased\ndate: 2026-05-26T09:30:00+02:00\nsection: politics\ntags: [Water]\n---\nThe metro eased restrictions.\n`,
  "content/articles/2026/05/dam.md": `---\ntitle: Dam levels rise\ndate: 2026-05-25T09:30:00+02:00\nsection: politics\n---\nLevels rose [again](/politics/2026/05/26/water/).\n`,
  "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
  "templates/partials/byline.eta": '<p class="byline">By the desk</p>\n',
  "public/robots.txt": "User-agent: *\n",
};

/** Every file and folder under `dir`, dotfiles too, with a hash of each file's bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(dir, full)] = entry.isFile()
      ? createHash("sha256")
          .update(await readFile(full))
          .digest("hex")
      : "dir";
  }
  return result;
}

beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "newsdeck-atomic-"));
  root = path.join(parent, "site");
  outDir = path.join(root, "dist");
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const first = await build({ root, outDir, now: testNow });
  expect(first.diagnostics).toEqual([]);
  expect(first.exitCode).toBe(0);
});
afterAll(() => rm(parent, { recursive: true, force: true }));

interface Breakage {
  readonly name: string;
  readonly file: string;
  readonly change: (text: string) => string;
  readonly exit: 1 | 2;
  readonly code: string;
}

const breakages: Breakage[] = [
  {
    name: "an article's YAML is broken",
    file: article,
    change: (t) => t.replace("title: Water restrictions eased", "title: [unclosed"),
    exit: 1,
    code: "YamlSyntax",
  },
  {
    name: "an article names an unknown section",
    file: article,
    change: (t) => t.replace("section: politics", "section: sport"),
    exit: 1,
    code: "SectionUnknown",
  },
  {
    name: "two articles claim one URL",
    file: "content/articles/2026/05/dam.md",
    change: (t) =>
      t.replace("date: 2026-05-25T09:30:00+02:00", "date: 2026-05-26T09:30:00+02:00\nslug: water"),
    exit: 1,
    code: "DuplicateUrl",
  },
  {
    name: "a template does not parse",
    file: "templates/partials/byline.eta",
    change: () => '<p class="byline"><%= it.article.title\n',
    exit: 1,
    code: "TemplateError",
  },
  {
    name: "a template throws while rendering",
    file: "templates/partials/byline.eta",
    change: () => "<p><%= it.article.missing.deeper %></p>\n",
    exit: 1,
    code: "TemplateError",
  },
  {
    name: "a body image does not exist (found while rendering)",
    file: article,
    change: (t) => t.replace("The metro eased restrictions.", "![A dam](./dam.jpg)"),
    exit: 1,
    code: "ImageNotFound",
  },
  {
    name: "a public file takes a generated page's path (found while writing)",
    file: "public/about/index.html",
    change: () => "<p>stale copy</p>\n",
    exit: 1,
    code: "DuplicateUrl",
  },
  {
    name: "the config has an unknown key",
    file: "newsdeck.config.mjs",
    change: (t) => t.replace('title: "The Ledger"', 'title: "The Ledger", titel: "x"'),
    exit: 2,
    code: "ConfigInvalid",
  },
  {
    name: "the config does not parse",
    file: "newsdeck.config.mjs",
    change: (t) => t.replace("export default {", "export default {{"),
    exit: 2,
    code: "ConfigNotFound",
  },
];

describe("a failed build", () => {
  it.each(breakages)("leaves the previous output intact when $name", async (breakage) => {
    const before = await snapshot(outDir);
    expect(Object.keys(before)).toContain("index.html");
    const file = path.join(root, breakage.file);
    const original = await readFile(file, "utf8").catch(() => undefined);
    const createdDir = await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, breakage.change(original ?? ""));
    try {
      const failed = await build({ root, outDir, now: testNow });
      expect(failed.exitCode).toBe(breakage.exit);
      expect(failed.diagnostics.map((d) => d.code)).toContain(breakage.code);
    } finally {
      if (original !== undefined) await writeFile(file, original);
      else await rm(createdDir ?? file, { recursive: true });
    }
    expect(await snapshot(outDir)).toEqual(before);
    // Nothing is left beside the output folder: no staging or previous-output folder.
    const beside = await readdir(root);
    expect(beside.filter((name) => name.startsWith(".newsdeck-tmp"))).toEqual([]);
  });

  it("is followed by a good build that replaces the output again", async () => {
    const result = await build({ root, outDir, now: testNow });
    expect(result.exitCode).toBe(0);
    expect(Object.keys(await snapshot(outDir))).toContain("index.html");
  });
});
