import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { glob } from "tinyglobby";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { build } from "../../src/build.js";
import { type InitCommandOptions, runInitCommand } from "../../src/cli/init-command.js";
import { loadConfig } from "../../src/config/load-config.js";
import { openBuiltSite, repoRoot } from "../helpers/build-site.js";
import { checkReferences } from "../helpers/internal-references.js";

const version = (
  JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")) as {
    version: string;
  }
).version;

/** Every file `newsdeck init` writes, dated 2026-11 by `now` below. */
const starterFiles = [
  ".github/workflows/publish.yml",
  ".github/workflows/pull-request.yml",
  ".gitignore",
  "README.md",
  "content/articles/2026/11/how-a-story-page-works.md",
  "content/articles/2026/11/town-at-dawn.jpg",
  "content/articles/2026/11/town-at-night.jpg",
  "content/articles/2026/11/town-at-noon.jpg",
  "content/authors/news-desk.md",
  "content/pages/about.md",
  "content/pages/support.md",
  "newsdeck.config.ts",
  "package.json",
  "public/.gitkeep",
  "templates/README.md",
];
const now = "2026-11-28T10:00:00Z";
const storyUrl = "/news/2026/11/28/how-a-story-page-works/";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `newsdeck init` in this process, capturing what it prints. */
async function init(dir: string | undefined, options: InitCommandOptions = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runInitCommand(
    dir,
    { now, timezone: "UTC", ...options },
    sink((text) => {
      stdout += text;
    }),
    sink((text) => {
      stderr += text;
    }),
  );
  // Colours follow the environment (CI=1 turns them on): assert on the text.
  return {
    code,
    stdout: stripVTControlCharacters(stdout),
    stderr: stripVTControlCharacters(stderr),
  };
}

/** Every file under `dir`, hidden ones included, relative and sorted. */
async function filesOf(dir: string): Promise<string[]> {
  return (await glob(["**/*"], { cwd: dir, dot: true })).sort();
}

describe("newsdeck init", () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), "newsdeck-init-"));
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  it("writes a complete site into a new folder", async () => {
    const site = path.join(work, "harbour-post");
    const run = await init(site);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await filesOf(site)).toEqual(starterFiles);
    expect(run.stdout).toContain(`created Harbour Post in ${site}/: ${starterFiles.length} files`);
    expect(run.stdout).toContain(`cd ${site}\n  npm install\n  npm run dev`);

    const manifest = JSON.parse(await readFile(path.join(site, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: "harbour-post",
      private: true,
      type: "module",
      scripts: { build: "newsdeck build", dev: "newsdeck dev", check: "newsdeck check" },
      dependencies: { newsdeck: version },
    });
    const ignored = (await readFile(path.join(site, ".gitignore"), "utf8")).split("\n");
    for (const entry of ["node_modules/", "dist/", ".newsdeck-cache/"])
      expect(ignored).toContain(entry);
    for (const name of ["publish.yml", "pull-request.yml"]) {
      const workflow = parseDocument(
        await readFile(path.join(site, ".github", "workflows", name), "utf8"),
      );
      expect(workflow.errors).toEqual([]);
    }
    expect(await readFile(path.join(site, "README.md"), "utf8")).toMatch(/^# Harbour Post\n/);
    expect(await readFile(path.join(site, "templates", "README.md"), "utf8")).toContain(
      "node_modules/newsdeck/templates/",
    );
  });

  it("puts the settings in the config, escaped, with the example story dated in the site's zone", async () => {
    const site = path.join(work, "site");
    const title = String.raw`The "Quay" \ Courier`;
    const run = await init(site, {
      title,
      url: "https://news.example.net/",
      language: "en-gb",
      timezone: "Pacific/Auckland",
      now: "2026-12-31T23:30:00Z",
    });
    expect(run.code).toBe(0);
    const { config } = await loadConfig(site);
    expect(config.site).toMatchObject({
      title,
      url: "https://news.example.net",
      language: "en-GB",
      timezone: "Pacific/Auckland",
    });
    expect(config.donate?.url).toBe("https://news.example.net/support/");
    expect(config.donate?.label).toBe(`Support ${title}`);
    expect(JSON.parse(await readFile(path.join(site, "package.json"), "utf8")).description).toBe(
      `${title}: a news site built with Newsdeck`,
    );
    // 23:30 UTC on 31 December is 12:30 on 1 January in Auckland.
    const story = await readFile(
      path.join(site, "content/articles/2027/01/how-a-story-page-works.md"),
      "utf8",
    );
    const frontMatter = parse(/^---\n([\s\S]*?)\n---\n/.exec(story)?.[1] ?? "");
    expect(frontMatter.date).toBe("2027-01-01T12:30:00+13:00");
  });

  it("makes a site that checks and builds without a warning, every part of a story page shown", async () => {
    const site = path.join(work, "harbour-post");
    expect((await init(site)).code).toBe(0);
    const checked = await build({ root: site, now: Date.parse(now) + 60_000, dryRun: true });
    expect(checked.diagnostics).toEqual([]);
    expect(checked.exitCode).toBe(0);
    const result = await build({ root: site, now: Date.parse(now) + 60_000 });
    expect(result.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(0);

    const built = openBuiltSite(site, path.join(site, "dist"), result);
    const $ = await built.page(storyUrl);
    const parts = {
      "section label": "a.label--section",
      "topic label": "a.label--topic",
      headline: "h1",
      standfirst: ".article__standfirst",
      byline: ".byline__authors a",
      "hero with caption and credit": "figure.figure--hero figcaption",
      dateline: ".article__body .dateline",
      "production credits": ".article__credits",
      gallery: "section.gallery figure",
      "comment policy": "section.comments .comments__policy",
      "call to support": "aside.donate a.button",
    };
    const missing = Object.entries(parts).filter(([, selector]) => $(selector).length === 0);
    expect(missing.map(([part]) => part)).toEqual([]);
    expect($(".article__body .dateline").text()).toContain("(Example Wire)");
    expect($("section.gallery figure").length).toBe(2);
    expect($("aside.donate a.button").attr("href")).toBe("https://example.org/support/");

    for (const page of ["/about/", "/support/", "/author/news-desk/", "/news/", "/tag/newsroom/"])
      expect((await built.page(page))("h1").length, page).toBe(1);
    const references = await checkReferences(built.outDir, "https://example.org");
    expect(references.unresolved).toEqual([]);
    expect(references.internal.length).toBeGreaterThan(50);
  });

  it("refuses a folder that is not empty, writing nothing", async () => {
    await writeFile(path.join(work, "notes.txt"), "mine\n");
    const run = await init(work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not empty (notes.txt); nothing was written");
    expect(run.stderr).toContain("--force");
    expect(run.stderr).toContain("[FolderNotEmpty]");
    expect(await filesOf(work)).toEqual(["notes.txt"]);
  });

  it("takes a folder that holds only a .git folder as empty", async () => {
    await mkdir(path.join(work, ".git"));
    await writeFile(path.join(work, ".git", "HEAD"), "ref: refs/heads/main\n");
    const run = await init(work);
    expect(run.code).toBe(0);
    expect(await filesOf(work)).toEqual([".git/HEAD", ...starterFiles].sort());
  });

  it("with --force, writes only the files a folder lacks and overwrites none", async () => {
    const mine = {
      "README.md": "# Our own readme\n",
      "package.json": '{ "name": "ours" }\n',
      "content/pages/about.md": "---\ntitle: About the Quay Courier\n---\nOurs.\n",
    };
    for (const [name, text] of Object.entries(mine)) {
      await mkdir(path.dirname(path.join(work, name)), { recursive: true });
      await writeFile(path.join(work, name), text);
    }
    const run = await init(work, { force: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "kept 3 existing files as they were: README.md, content/pages/about.md, package.json",
    );
    expect(run.stdout).toContain(
      'your package.json was kept: the workflows and README expect "build"',
    );
    for (const [name, text] of Object.entries(mine))
      expect(await readFile(path.join(work, name), "utf8")).toBe(text);
    expect(await filesOf(work)).toEqual(starterFiles);
  });

  it.each([
    [{ url: "ftp://news.example.org" }, '--url "ftp://news.example.org" is not an http(s) address'],
    [{ url: "news.example.org" }, '--url "news.example.org" is not an http(s) address'],
    [{ language: "not a tag" }, '--language "not a tag" is not a language tag'],
    [{ timezone: "Mars/Olympus_Mons" }, '--timezone "Mars/Olympus_Mons" is not an IANA time zone'],
    [{ now: "soon" }, '--now "soon" is not an ISO 8601 date'],
  ])("rejects %o with exit 2, creating nothing", async (options, message) => {
    const site = path.join(work, "site");
    const run = await init(site, options);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("[UsageInvalid]");
    expect(existsSync(site)).toBe(false);
  });

  it("refuses a file as the folder", async () => {
    await writeFile(path.join(work, "site"), "");
    const run = await init(path.join(work, "site"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is a file, not a folder");
  });

  it("runs as `newsdeck init` from the command line, into the current folder by default", async () => {
    const site = path.join(work, "quay-courier");
    await mkdir(site);
    const run = await new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [
          "--import",
          pathToFileURL(path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href,
          path.join(repoRoot, "src/cli/run.ts"),
          "init",
          "--title",
          "1843",
          "--timezone",
          "UTC",
          "--now",
          now,
        ],
        { cwd: site, env: { ...process.env, NO_COLOR: "1" } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("created 1843 in ./");
    expect(run.stdout).not.toContain("cd ");
    expect((await readdir(site)).sort()).toEqual(
      [...new Set(starterFiles.map((file) => file.split("/")[0] as string))].sort(),
    );
    // A title that looks like a number stays text.
    expect((await loadConfig(site)).config.site.title).toBe("1843");
  });
});
