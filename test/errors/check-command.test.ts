import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { type FileTree, writeTree } from "../helpers/build-site.js";

/**
 * `newsdeck check --root DIR` as CI runs it: what it prints (one line per problem, as the
 * contract formats it, sorted by file) and the exit code (0, 1 content, 2 config).
 */

const roots: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** Runs the CLI on a tree; returns the exit code and what it wrote, without colours. */
async function check(tree: FileTree, ...flags: string[]) {
  const root = await writeTree(tree);
  roots.push(root);
  let stderr = "";
  let stdout = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const code = await main(["check", "--root", root, "--now", "2026-11-28T10:00:00Z", ...flags]);
  vi.restoreAllMocks();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");
  return { code, stderr: plain(stderr), stdout: plain(stdout) };
}

const config = `export default { sections: { politics: { title: "Politics" } } };\n`;
const story = (extra = "", body = "Body.") =>
  `---\ntitle: A story\ndate: 2026-05-26T09:30:00+02:00\nsection: politics\n${extra}---\n${body}\n`;

describe("newsdeck check", () => {
  it("prints every problem on one line each, sorted by file, and exits 1", async () => {
    const { code, stderr, stdout } = await check({
      "newsdeck.config.mjs": config,
      "content/articles/b.md": story().replace("2026-05-26T09:30:00+02:00", "26 May 2026"),
      "content/articles/a.md": story().replace("title:", "tittle:"),
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const heads = stderr.split("\n").filter((line) => line.startsWith("content/"));
    expect(heads).toEqual([
      'content/articles/a.md:2:1  tittle  unknown field "tittle" (hint: did you mean "title"?)  [FieldUnknown]',
      'content/articles/b.md:3:7  date  "26 May 2026" is not an ISO 8601 date (hint: 2026-05-26)  [DateInvalid]',
    ]);
    expect(stderr).toContain("2 errors, 0 warnings");
    expect(stderr).toContain("✗ check failed");
  });

  it("exits 2 for a config error", async () => {
    const { code, stderr } = await check({
      "newsdeck.config.mjs": `export default {\n  sections: {},\n  paginaton: {},\n};\n`,
      "content/articles/a.md": story(),
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'newsdeck.config.mjs:3:3  paginaton  unknown config key "paginaton" (hint: did you mean "pagination"?)  [ConfigInvalid]',
    );
  });

  it("passes with a broken internal link as a warning, and fails on it with --strict", async () => {
    const tree = {
      "newsdeck.config.mjs": config,
      "content/articles/a.md": story("", "Read [the plan](/politics/plan/)."),
    };
    const warned = await check(tree);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain(
      "content/articles/a.md:6:6  link to /politics/plan/ points to no page of this site",
    );
    expect(warned.stderr).toContain("[warning LinkBroken]");
    expect(warned.stdout).toContain("✓ checked");

    const strict = await check(tree, "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("[LinkBroken]");
    expect(strict.stderr).toContain("1 error, 0 warnings");
  });
});
