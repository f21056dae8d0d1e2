import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as cheerio from "cheerio";
import { XMLParser } from "fast-xml-parser";
import { glob } from "tinyglobby";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/build-site.js";
import { checkReferences } from "../helpers/internal-references.js";

/** What `npm pack --json` says about the tarball. */
interface PackReport {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

interface Ran {
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * The environment of a user's shell: without the `npm_package_*`, `npm_lifecycle_*` and project
 * settings `npm run test:package` puts in ours, but with the same npm cache and registry.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_") || keep.has(name.toLowerCase())) env[name] = value;
  }
  delete env.INIT_CWD;
  return env;
}

/** Runs a command to completion; a non-zero exit fails with its output. */
function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const seconds = (performance.now() - start) / 1000;
        if (error)
          reject(new Error(`${command} ${args.join(" ")} in ${cwd} failed:\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr, seconds });
      },
    );
  });
}

/** Reads until `pattern` matches the process's output, or fails after `limitMs`. */
function waitForOutput(child: ChildProcess, pattern: RegExp, limitMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in ${limitMs} ms; output:\n${output}`)),
      limitMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${output}`));
    });
  });
}

const npmInstall = ["install", "--prefer-offline", "--no-audit", "--no-fund"];

describe("the npm package, installed into an empty folder", () => {
  let work: string;
  let pack: PackReport;
  let tarball: string;
  let site: string;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "newsdeck-package-"));
    expect(path.relative(repoRoot, work).startsWith(".."), "outside the repository").toBe(true);
    // prepack compiles lib/ afresh, so the tarball holds the code of this tree.
    const packed = await run("npm", ["pack", "--json", "--pack-destination", work], repoRoot);
    pack = (JSON.parse(packed.stdout) as PackReport[])[0] as PackReport;
    tarball = path.join(work, pack.filename);
    figures.packSeconds = packed.seconds;
    figures.tarballBytes = pack.size;
    figures.unpackedBytes = pack.unpackedSize;
    figures.files = pack.files.length;

    // As a newsroom would: install Newsdeck, scaffold a site, install its dependencies, build.
    const tool = path.join(work, "tool");
    await mkdir(tool);
    figures.installSeconds = (await run("npm", [...npmInstall, tarball], tool)).seconds;
    await run("npx", ["newsdeck", "init", "../harbour-post", "--title", "Harbour Post"], tool);
    site = path.join(work, "harbour-post");
    // The site depends on newsdeck at this version, which the registry does not have yet.
    figures.siteInstallSeconds = (await run("npm", [...npmInstall, tarball], site)).seconds;
    await run("npm", ["run", "check"], site);
    figures.firstBuildSeconds = (await run("npm", ["run", "build"], site)).seconds;
    figures.secondBuildSeconds = (await run("npm", ["run", "build"], site)).seconds;

    const summary = `tarball ${(pack.size / 1024).toFixed(0)} KB (${pack.files.length} files, ${(pack.unpackedSize / 1024).toFixed(0)} KB unpacked), install ${figures.installSeconds.toFixed(1)} s, first build ${figures.firstBuildSeconds.toFixed(1)} s`;
    console.info(`newsdeck package: ${summary}`);
    await mkdir(path.join(repoRoot, "test-artifacts"), { recursive: true });
    await writeFile(
      path.join(repoRoot, "test-artifacts", "package-figures.json"),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("ships the compiled engine, the default theme, the starter site and the docs, and nothing else", async () => {
    const files = pack.files.map((file) => file.path);
    for (const needed of [
      "package.json",
      "README.md",
      "bin/newsdeck.js",
      "lib/index.js",
      "lib/index.d.ts",
      "lib/cli/run.js",
      "lib/markdown/markdown-worker.js",
      "lib/write/write-worker.js",
      // The bundled CLI that bin/newsdeck.js runs, and the files it starts beside itself.
      "lib/bundle/newsdeck.js",
      "lib/bundle/markdown-worker.js",
      "lib/bundle/write-worker.js",
      "lib/bundle/define-config.js",
      "templates/layouts/base.eta",
      "templates/assets/style.css",
      "templates/assets/favicon.svg",
      "starter/newsdeck.config.ts",
      "starter/gitignore",
      "starter/.github/workflows/publish.yml",
      "docs/deploying.md",
      "docs/ci/publish-sharded.yml",
      "docs/ci/gitlab-ci-sharded.yml",
    ])
      expect(files).toContain(needed);
    const tops = new Set(files.map((file) => file.split("/")[0]));
    expect([...tops].sort()).toEqual([
      "README.md",
      "bin",
      "docs",
      "lib",
      "package.json",
      "starter",
      "templates",
    ]);
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
    // Every file of the theme and the starter site is in the package, hidden ones included.
    const shipped = await glob(["templates/**", "starter/**"], { cwd: repoRoot, dot: true });
    expect(shipped.length).toBeGreaterThan(30);
    expect(shipped.filter((file) => !files.includes(file))).toEqual([]);
  });

  it("scaffolds a site that depends on the installed package and builds", async () => {
    const manifest = JSON.parse(await readFile(path.join(site, "package.json"), "utf8"));
    expect(manifest.dependencies.newsdeck).toMatch(/newsdeck-.*\.tgz$/);
    expect(manifest.scripts).toMatchObject({ build: "newsdeck build", check: "newsdeck check" });
    const dist = path.join(site, "dist");
    const home = cheerio.load(await readFile(path.join(dist, "index.html"), "utf8"));
    expect(home("title").text()).toBe("Harbour Post");
    const storyLink = home('a[href*="/how-a-story-page-works/"]').first().attr("href") ?? "";
    expect(storyLink).toMatch(/^\/news\/\d{4}\/\d{2}\/\d{2}\/how-a-story-page-works\/$/);
    const story = cheerio.load(
      await readFile(path.join(dist, storyLink.slice(1), "index.html"), "utf8"),
    );
    expect(story("h1").text()).toBe("How a story page is put together");
    expect(story("figure.figure--hero img").attr("src")).toMatch(/^\/images\//);
    expect(story("section.gallery figure").length).toBe(2);
    expect(story('link[rel="icon"]').attr("href")).toMatch(
      /^\/assets\/favicon\.[0-9a-f]{10}\.svg$/,
    );

    const references = await checkReferences(dist, "https://example.org");
    expect(references.unresolved).toEqual([]);
    expect(references.internal.length).toBeGreaterThan(50);
    const feed = new XMLParser().parse(await readFile(path.join(dist, "feed.xml"), "utf8"));
    expect(feed.rss.channel.item.title).toBe("How a story page is put together");
  });

  it("renders a site big enough for worker threads to the same bytes as one thread", async () => {
    // Markdown and page writing go to worker threads past a few dozen bodies and a few hundred
    // files: the installed CLI must find its worker modules beside its bundle.
    const folder = path.join(site, "content", "articles", "2026", "05");
    await mkdir(folder, { recursive: true });
    for (let n = 1; n <= 120; n++) {
      const day = String(1 + (n % 28)).padStart(2, "0");
      await writeFile(
        path.join(folder, `harbour-note-${n}.md`),
        [
          "---",
          `title: Harbour note number ${n}`,
          `date: 2026-05-${day}T0${n % 10}:00:00Z`,
          "section: news",
          `tags: [Harbour, ${n % 2 === 0 ? "Ferries" : "Weather"}]`,
          "authors: [News Desk]",
          `summary: The ${n}th short note from the harbour desk.`,
          "---",
          "",
          `The ferry schedule changed for the *${n}th* time this season, the "harbour office" said.`,
          "",
          `- Morning crossings move to ${n % 12} o'clock.`,
          "- Evening crossings stay as they were.",
          "",
          "Read the [timetable](/about/) before you travel -- it is updated weekly...",
          "",
        ].join("\n"),
      );
    }
    const builds: Record<string, Map<string, string>> = {};
    for (const threads of ["2", "0"]) {
      await rm(path.join(site, ".newsdeck-cache"), { recursive: true, force: true });
      const out = `dist-threads-${threads}`;
      const built = await run(
        "npx",
        ["newsdeck", "build", "--now", "2026-06-01T00:00:00Z", "--threads", threads, "--out", out],
        site,
      );
      expect(built.stderr).not.toMatch(/error/i);
      const files = await glob("**", { cwd: path.join(site, out), dot: true });
      const contents = new Map<string, string>();
      for (const file of files.sort())
        contents.set(file, (await readFile(path.join(site, out, file))).toString("base64"));
      builds[threads] = contents;
    }
    const [threaded, single] = [builds["2"], builds["0"]] as [
      Map<string, string>,
      Map<string, string>,
    ];
    expect(threaded.size).toBeGreaterThan(250);
    const notes = [...threaded.keys()].filter((file) =>
      /harbour-note-\d+\/index\.html$/.test(file),
    );
    expect(notes.length).toBe(120);
    const page = cheerio.load(
      Buffer.from(threaded.get(notes[0] as string) ?? "", "base64").toString("utf8"),
    );
    expect(page("h1").text()).toMatch(/^Harbour note number \d+$/);
    expect(page("article li").length).toBeGreaterThanOrEqual(2);
    expect([...threaded.keys()]).toEqual([...single.keys()]);
    for (const [file, bytes] of threaded) expect(bytes, file).toBe(single.get(file));
  });

  it("serves the site with `npm run dev`", async () => {
    const dev = spawn("npm", ["run", "dev", "--", "--port", "0", "--host", "127.0.0.1"], {
      cwd: site,
      env: userEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    try {
      const url = await waitForOutput(dev, /serving (http:\/\/\S+)[\s\S]*built \d+ pages/);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("how-a-story-page-works");
    } finally {
      // npm runs newsdeck in a child of its own: end the whole process group.
      if (dev.pid !== undefined && dev.exitCode === null) process.kill(-dev.pid, "SIGINT");
      await new Promise((resolve) => {
        if (dev.exitCode !== null) resolve(undefined);
        else dev.once("exit", resolve);
      });
    }
  });
});
