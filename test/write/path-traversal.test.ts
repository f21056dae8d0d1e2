import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { checkUrlPath } from "../../src/site/check-url-path.js";
import { checkOutDir } from "../../src/write/check-out-dir.js";
import { resolveInside } from "../../src/write/resolve-inside.js";
import { type FileTree, testNow } from "../helpers/build-site.js";

/**
 * No output file may be written outside the output folder, whatever a slug, alias or permalink
 * pattern says, and the output folder may not be one the build would destroy. Each build runs
 * in its own parent folder, whose every file (dotfiles included) is hashed before and after.
 */

let parent: string;
let root: string;
let outDir: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), "newsdeck-traversal-"));
  root = path.join(parent, "site");
  outDir = path.join(root, "dist");
});
afterEach(() => rm(parent, { recursive: true, force: true }));

async function writeSite(tree: FileTree): Promise<void> {
  for (const [name, contents] of Object.entries(tree)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
}

/** Every file and folder under `dir` (dotfiles too) with a hash of each file's bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const full = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, full);
    result[name] = entry.isFile()
      ? createHash("sha256")
          .update(await readFile(full))
          .digest("hex")
      : entry.isDirectory()
        ? "dir"
        : "other";
  }
  return result;
}

/**
 * Files that appeared or changed under `parent`, outside the output folder and the build cache
 * (`build.cacheDir`, `.newsdeck-cache/` by default: the one other folder a build writes).
 */
function changedOutside(before: Record<string, string>, after: Record<string, string>) {
  const allowed = [outDir, path.join(root, ".newsdeck-cache")].map((dir) =>
    path.relative(parent, dir),
  );
  return Object.keys(after).filter(
    (name) =>
      after[name] !== before[name] &&
      !allowed.some((dir) => name === dir || name.startsWith(`${dir}${path.sep}`)),
  );
}

function story(extra = ""): string {
  return `---\ntitle: A story\ndate: 2026-05-26T09:30:00+02:00\nsection: politics\n${extra}---\nBody text.\n`;
}

const articleFile = "content/articles/story.md";

describe("front matter that tries to escape the output folder", () => {
  const attempts: { name: string; extra: string; field: string; code?: string }[] = [
    { name: "a slug with ..", extra: "slug: ../../../escaped\n", field: "slug" },
    { name: "an absolute slug", extra: "slug: /tmp/escaped\n", field: "slug" },
    { name: "a slug with a backslash", extra: 'slug: "..\\\\..\\\\escaped"\n', field: "slug" },
    // NUL is refused earlier still, as a control character in text.
    { name: "a slug with NUL", extra: 'slug: "a\\0b"\n', field: "slug", code: "FieldType" },
    { name: "an alias with ..", extra: "aliases: [/../../../escaped/]\n", field: "aliases.0" },
    { name: "an alias relative with ..", extra: "aliases: [../escaped]\n", field: "aliases.0" },
    {
      name: "an alias with encoded dots",
      extra: "aliases: [/%2e%2e/%2E%2E/escaped/]\n",
      field: "aliases.0",
    },
    {
      name: "an alias with an encoded slash",
      extra: "aliases: [/a%2f..%2f..%2fescaped/]\n",
      field: "aliases.0",
    },
    {
      name: "an alias with a backslash",
      extra: 'aliases: ["/..\\\\..\\\\escaped/"]\n',
      field: "aliases.0",
    },
    {
      name: "an alias with NUL",
      extra: 'aliases: ["/a\\0/"]\n',
      field: "aliases.0",
      code: "FieldType",
    },
    {
      name: "a protocol-relative alias",
      extra: "aliases: [//evil.example/x/]\n",
      field: "aliases.0",
    },
    {
      name: "an alias with a single dot segment",
      extra: "aliases: [/./.././escaped/]\n",
      field: "aliases.0",
    },
  ];

  it.each(attempts)("refuses $name and writes nothing anywhere", async ({ extra, field, code }) => {
    await writeSite({ [articleFile]: story(extra) });
    const before = await snapshot(parent);
    const result = await build({ root, outDir, now: testNow });
    const after = await snapshot(parent);

    expect(result.exitCode).toBe(1);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.file, d.line, d.field])).toEqual([
      [code ?? "PathUnsafe", articleFile, 5, field],
    ]);
    expect(changedOutside(before, after)).toEqual([]);
    expect(after).toEqual(before);
  });
});

describe("symbolic links out of the site", () => {
  it("refuses a front-matter image that links to a file outside content/", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    await writeFile(path.join(parent, "private.png"), png);
    await writeSite({ [articleFile]: story("image:\n  src: ./photo.png\n  alt: A photo\n") });
    await symlink(path.join(parent, "private.png"), path.join(root, "content/articles/photo.png"));
    const before = await snapshot(parent);
    const result = await build({ root, outDir, now: testNow });

    expect(result.exitCode).toBe(1);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.field])).toEqual([
      ["PathUnsafe", articleFile, 6, 8, "image.src"],
    ]);
    expect(await snapshot(parent)).toEqual(before);
  });

  it("does not copy a file in public/ that links outside the site", async () => {
    await writeFile(path.join(parent, "credentials"), "SECRET=hunter2\n");
    await writeSite({ [articleFile]: story(), "public/robots.txt": "User-agent: *\n" });
    await symlink(path.join(parent, "credentials"), path.join(root, "public/leak.txt"));
    const result = await build({ root, outDir, now: testNow });

    expect(result.exitCode).toBe(0);
    const written = Object.keys(await snapshot(outDir));
    expect(written).toContain("robots.txt");
    expect(written).not.toContain("leak.txt");
  });
});

describe("permalink patterns that try to escape the output folder", () => {
  const patterns: { kind: string; pattern: string }[] = [
    { kind: "article", pattern: "/../../:slug/" },
    { kind: "article", pattern: "/:section/../../../:slug/" },
    { kind: "article", pattern: "/%2e%2e/:slug/" },
    { kind: "article", pattern: "\\\\..\\\\:slug\\\\" },
    { kind: "article", pattern: ":slug/" },
    { kind: "tag", pattern: "/tag/../../:slug/" },
    { kind: "author", pattern: "//evil.example/:slug/" },
    { kind: "page", pattern: "/./../:name/" },
    { kind: "section", pattern: "/%2F../:section/" },
  ];

  it.each(patterns)(
    "refuses the $kind pattern $pattern as a config error",
    async ({ kind, pattern }) => {
      await writeSite({
        "newsdeck.config.mjs": `export default {\n  permalinks: { ${kind}: ${JSON.stringify(pattern)} },\n};\n`,
        [articleFile]: story("tags: [Water]\nauthors: [Jane Doe]\n"),
        "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
      });
      const before = await snapshot(parent);
      const result = await build({ root, outDir, now: testNow });

      expect(result.exitCode).toBe(2);
      expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.field])).toEqual([
        ["ConfigInvalid", "newsdeck.config.mjs", 2, `permalinks.${kind}`],
      ]);
      expect(await snapshot(parent)).toEqual(before);
    },
  );

  it("writes every page of a site with custom safe patterns inside the output folder", async () => {
    await writeSite({
      "newsdeck.config.mjs": `export default { permalinks: { article: "/news/:yyyy/:slug.html", tag: "/topics/:slug/" } };\n`,
      [articleFile]: story("tags: [Water]\naliases: [old-story/, /2020/old.html]\n"),
    });
    const before = await snapshot(parent);
    const result = await build({ root, outDir, now: testNow });
    const after = await snapshot(parent);

    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(changedOutside(before, after)).toEqual([]);
    expect(after[path.join("site", "dist", "news", "2026", "story.html")]).toBeDefined();
    expect(after[path.join("site", "dist", "old-story", "index.html")]).toBeDefined();
    expect(after[path.join("site", "dist", "2020", "old.html")]).toBeDefined();
  });
});

describe("--out", () => {
  const site = {
    [articleFile]: story(),
    "templates/partials/donate.eta": "<aside>Give</aside>\n",
    "public/robots.txt": "User-agent: *\n",
  };

  it.each([
    ["the site root", "."],
    ["content/", "content"],
    ["templates/", "templates"],
    ["public/", "public"],
    ["a folder inside content/", "content/articles"],
    ["the parent of the site", ".."],
    [".git/", ".git"],
  ])("refuses %s as the output folder, exit 2, touching nothing", async (_, out) => {
    await writeSite({ ...site, ".git/HEAD": "ref: refs/heads/main\n" });
    const before = await snapshot(parent);
    const result = await build({ root, outDir: path.resolve(root, out), now: testNow });

    expect(result.exitCode).toBe(2);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["OutDirUnsafe"]);
    expect(await snapshot(parent)).toEqual(before);
  });

  it("refuses a symbolic link to the site root", async () => {
    await writeSite(site);
    await symlink(root, path.join(parent, "link-to-site"));
    const before = await snapshot(parent);
    const result = await build({ root, outDir: path.join(parent, "link-to-site"), now: testNow });

    expect(result.exitCode).toBe(2);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["OutDirUnsafe"]);
    expect(await snapshot(parent)).toEqual(before);
  });

  it("refuses a folder of files Newsdeck did not write, and keeps them", async () => {
    await writeSite(site);
    const elsewhere = path.join(parent, "documents");
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, "thesis.docx"), "years of work");
    const before = await snapshot(parent);
    const result = await build({ root, outDir: elsewhere, now: testNow });

    expect(result.exitCode).toBe(2);
    expect(result.diagnostics[0]?.message).toContain(
      "already holds files that Newsdeck did not write",
    );
    expect(await snapshot(parent)).toEqual(before);
  });

  it("replaces a folder a previous build wrote, and one that is empty", async () => {
    await writeSite(site);
    const empty = path.join(parent, "empty");
    await mkdir(empty);
    expect((await build({ root, outDir: empty, now: testNow })).exitCode).toBe(0);
    // The second build replaces the first one's output: it has the .newsdeck/ marker.
    expect((await build({ root, outDir: empty, now: testNow })).exitCode).toBe(0);
    expect(Object.keys(await snapshot(empty))).toContain(path.join(".newsdeck", "manifest.json"));
  });
});

describe("checkUrlPath", () => {
  it.each([
    "/../x/",
    "/a/../../x/",
    "/./x/",
    "/%2e%2e/x/",
    "/%2E%2e/x/",
    "/a%2fb/",
    "/a%5cb/",
    "/a%00b/",
    "/a\\b/",
    "/a\u0000b/",
    "/a\nb/",
    "//host/x/",
    "relative/x/",
    "/a b/",
    `/${"x".repeat(201)}/`,
  ])("rejects %j", (url) => {
    expect(checkUrlPath(url).ok).toBe(false);
  });

  it.each([
    ["/", "/"],
    ["/politics/2026/05/26/story/", "/politics/2026/05/26/story/"],
    ["/a//b/", "/a/b/"],
    ["/old.html", "/old.html"],
    ["/日本/", "/日本/"],
    ["/...x/", "/...x/"],
  ])("accepts %j as %j", (url, expected) => {
    expect(checkUrlPath(url)).toEqual({ ok: true, url: expected });
  });
});

describe("resolveInside", () => {
  it.each(["../x", "a/../../x", "/etc/passwd", "a\\b", "a\u0000b"])(
    "refuses to resolve %j outside the output folder",
    (relative) => {
      expect(() => resolveInside("/out/dist", relative)).toThrow(/refusing to write/);
    },
  );

  it("resolves ordinary output paths inside the folder", () => {
    expect(resolveInside("/out/dist", "a/b/index.html")).toBe(
      path.resolve("/out/dist/a/b/index.html"),
    );
  });
});

describe("checkOutDir", () => {
  it("accepts a new folder inside the site root", () => {
    expect(checkOutDir("/srv/site", "/srv/site/dist")).toBeUndefined();
  });

  it("refuses the build cache and node_modules", () => {
    expect(checkOutDir("/srv/site", "/srv/site/.newsdeck-cache")?.code).toBe("OutDirUnsafe");
    expect(checkOutDir("/srv/site", "/srv/site/node_modules")?.code).toBe("OutDirUnsafe");
  });
});
