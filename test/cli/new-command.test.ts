import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { build } from "../../src/build.js";
import { repoRoot, writeTree } from "../helpers/build-site.js";

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process (machine clock far from UTC, to catch timezone leaks). */
function newsdeck(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/run.ts", ...args],
      { cwd: repoRoot, env: { ...process.env, TZ: "Pacific/Kiritimati", NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Splits a written article into its parsed front matter and its body. */
function readArticle(text: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  expect(match, "the file starts with front matter between --- lines").not.toBeNull();
  return { data: parse(match?.[1] ?? "") as Record<string, unknown>, body: match?.[2] ?? "" };
}

describe("newsdeck new", () => {
  let root: string;

  beforeEach(async () => {
    root = await writeTree({
      "newsdeck.config.mjs":
        'export default { site: { timezone: "Africa/Johannesburg" }, sections: { city: { title: "City" }, politics: { title: "Politics" } } };\n',
    });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  // 23:30 UTC on 30 November is 01:30 on 1 December in the site's timezone.
  const now = "2026-11-30T23:30:00Z";
  const expectedFile = "content/articles/2026/12/ferry-fares-rise-by-a-third.md";

  it("writes content/articles/<yyyy>/<mm>/<slug>.md dated now in the site's timezone", async () => {
    const run = await newsdeck([
      "new",
      "Ferry fares rise by a third",
      "--section",
      "city",
      "--root",
      root,
      "--now",
      now,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(expectedFile);
    const { data, body } = readArticle(await readFile(path.join(root, expectedFile), "utf8"));
    expect(data).toEqual({
      title: "Ferry fares rise by a third",
      date: "2026-12-01T01:30:00+02:00",
      section: "city",
      tags: [],
      authors: [],
    });
    expect(body.trim()).not.toBe("");
  });

  it("writes a file that builds as a published article at its own time", async () => {
    const run = await newsdeck(
      ["new", "Ferry fares rise by a third", "--section", "city"].concat([
        "--root",
        root,
        "--now",
        now,
      ]),
    );
    expect(run.code).toBe(0);
    const outDir = path.join(root, "dist");
    const result = await build({ root, outDir, now: Date.parse(now) });
    expect(result.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(
      existsSync(path.join(outDir, "city/2026/12/01/ferry-fares-rise-by-a-third/index.html")),
    ).toBe(true);
  });

  it("keeps a headline with YAML syntax in it as plain text", async () => {
    const headline = 'Mayor: "We will not resign" # yet';
    const run = await newsdeck([
      "new",
      headline,
      "--section",
      "politics",
      "--root",
      root,
      "--now",
      now,
    ]);
    expect(run.code).toBe(0);
    const file = path.join(root, "content/articles/2026/12/mayor-we-will-not-resign-yet.md");
    expect(readArticle(await readFile(file, "utf8")).data.title).toBe(headline);
  });

  it("refuses to overwrite an existing file: exit 1, the file unchanged", async () => {
    const file = path.join(root, expectedFile);
    const args = [
      "new",
      "Ferry fares rise by a third",
      "--section",
      "city",
      "--root",
      root,
      "--now",
      now,
    ];
    expect((await newsdeck(args)).code).toBe(0);
    await writeFile(file, "---\ntitle: Edited by a reporter\n---\nKeep me.\n");
    const again = await newsdeck(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${expectedFile} already exists`);
    expect(await readFile(file, "utf8")).toBe("---\ntitle: Edited by a reporter\n---\nKeep me.\n");
  });

  it("rejects a section the config does not know: exit 2, a suggestion, nothing written", async () => {
    const run = await newsdeck([
      "new",
      "Ferry fares",
      "--section",
      "citty",
      "--root",
      root,
      "--now",
      now,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown section "citty"');
    expect(run.stderr).toContain('did you mean "city"');
    expect(existsSync(path.join(root, "content"))).toBe(false);
  });

  it("requires --section: exit 2", async () => {
    const run = await newsdeck(["new", "Ferry fares", "--root", root, "--now", now]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--section");
    expect(existsSync(path.join(root, "content"))).toBe(false);
  });

  it("requires a headline: exit 2", async () => {
    const run = await newsdeck(["new", "--section", "city", "--root", root, "--now", now]);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(root, "content"))).toBe(false);
  });

  it("rejects a --now that is not ISO 8601: exit 2", async () => {
    const run = await newsdeck([
      "new",
      "Ferry fares",
      "--section",
      "city",
      "--root",
      root,
      "--now",
      "30 Nov",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--now");
  });
});
