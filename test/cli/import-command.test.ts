import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { hashOutputFiles, repoRoot } from "../helpers/build-site.js";

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process, in `cwd`. */
function newsdeck(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      // The tests run in folders of their own: tsx is loaded from this repository.
      [
        "--import",
        import.meta.resolve("tsx"),
        path.join(repoRoot, "src", "cli", "run.ts"),
        ...args,
      ],
      { cwd, env: { ...process.env, NO_COLOR: "1", TZ: "Pacific/Kiritimati" } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Runs the CLI in this process, in `cwd`, capturing what it prints. */
async function newsdeckHere(args: readonly string[], cwd: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: unknown) => {
    into.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture(out));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture(err));
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.chdir(previous);
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const wordpress = path.join(repoRoot, "test", "fixtures", "import-wordpress");
const hugo = path.join(repoRoot, "test", "fixtures", "import-hugo");

describe("newsdeck import", () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "newsdeck-import-cli-"));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  it("exits 0 with a one-line summary when every file was imported", async () => {
    const run = await newsdeck(
      [
        "import",
        "wordpress",
        path.join(wordpress, "export.xml"),
        "--uploads",
        path.join(wordpress, "uploads"),
        "--out",
        "site",
      ],
      cwd,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "✓ imported 13 stories (4 drafts), 2 pages, 2 authors and 5 files into site; 0 unreadable, 12 lossy, 12 normalised: see site/import-report.md\n",
    );
    expect(existsSync(path.join(cwd, "site", "newsdeck.config.ts"))).toBe(true);
  });

  it("exits 1 and prints the files it could not read, located", async () => {
    const run = await newsdeck(["import", "hugo", hugo, "--out", "site"], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^content\/news\/broken\.md:3 {2}FileUnreadable {2}the front matter is not YAML Hugo could read/,
    );
    expect(run.stdout).toMatch(/^✗ imported 9 stories .* 1 unreadable,/);
  });

  it("writes into <source name>-newsdeck when --out is not given", async () => {
    const run = await newsdeckHere(["import", "hugo", hugo], cwd);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(cwd, "import-hugo-newsdeck", "import-report.md"))).toBe(true);
  });

  it("refuses a non-empty --out (exit 2) and leaves it untouched; --force replaces it with the same bytes as a fresh import", async () => {
    await mkdir(path.join(cwd, "site"));
    await writeFile(path.join(cwd, "site", "notes.txt"), "mine\n");
    const refused = await newsdeck(
      ["import", "wordpress", path.join(wordpress, "export.xml"), "--out", "site"],
      cwd,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("is not empty; nothing was written");
    expect(refused.stderr).toContain("[FileExists]");
    expect(await readFile(path.join(cwd, "site", "notes.txt"), "utf8")).toBe("mine\n");

    const forced = await newsdeck(
      ["import", "wordpress", path.join(wordpress, "export.xml"), "--out", "site", "--force"],
      cwd,
    );
    expect(forced.code).toBe(0);
    expect(existsSync(path.join(cwd, "site", "notes.txt"))).toBe(false);
    const fresh = await newsdeck(
      ["import", "wordpress", path.join(wordpress, "export.xml"), "--out", "fresh"],
      cwd,
    );
    expect(fresh.code).toBe(0);
    expect(await hashOutputFiles(path.join(cwd, "site"))).toEqual(
      await hashOutputFiles(path.join(cwd, "fresh")),
    );
  });

  it("refuses an --out inside the source, which the import would read and write at once", async () => {
    const run = await newsdeckHere(
      ["import", "hugo", hugo, "--out", path.join(hugo, "new-site")],
      cwd,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("[OutDirUnsafe]");
    expect(existsSync(path.join(hugo, "new-site"))).toBe(false);
  });

  it.each([
    [["import", "drupal", "x"], '"drupal" is not a format newsdeck can import'],
    [["import", "hugo", "missing-folder"], "missing-folder does not exist"],
    [["import", "wordpress", hugo], "is a folder: give the export file"],
    [["import", "hugo", path.join(wordpress, "export.xml")], "is not a folder"],
    [
      ["import", "hugo", hugo, "--section", "Top News"],
      '--section "Top News" is not a lowercase id (hint: --section top-news)',
    ],
    [
      ["import", "hugo", hugo, "--site-url", "ftp://x"],
      '--site-url "ftp://x" is not an http(s) address',
    ],
    [["import", "hugo", hugo, "--uploads", "."], "--uploads is for WordPress imports"],
  ])("exits 2 for a usage error: %j", async (args, message) => {
    // A usage error is decided before anything is read or written.
    const run = await newsdeckHere(args, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("[UsageInvalid]");
  });

  it("puts every story in --section, categories becoming tags", async () => {
    const run = await newsdeckHere(
      [
        "import",
        "wordpress",
        path.join(wordpress, "export.xml"),
        "--out",
        "site",
        "--section",
        "archive",
      ],
      cwd,
    );
    expect(run.code).toBe(0);
    const config = await readFile(path.join(cwd, "site", "newsdeck.config.ts"), "utf8");
    expect(config).toMatch(
      /sections: \{\n {4}archive: \{\n {6}title: "Archive",\n {4}\},\n {2}\},/,
    );
    const story = await readFile(
      path.join(cwd, "site", "content", "articles", "2026", "05", "cafe-rates.md"),
      "utf8",
    );
    expect(story).toContain("section: archive\ntags:\n  - Sport & Leisure\n  - Council\n");
  });
});
