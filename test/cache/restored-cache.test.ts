import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { type BuildResult, build } from "../../src/build.js";
import { hashBytes } from "../../src/cache/hash.js";
import { recordLine, type SourceRecord } from "../../src/cache/record-store.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { writeNewsroom } from "../helpers/write-newsroom.js";
import { expectSameAsClean } from "./expect-same-as-clean.js";
import { hashTree } from "./hash-tree.js";
import { NewsroomUnderEdit } from "./newsroom-under-edit.js";

/** Git, isolated from whatever the machine's user and system configuration say. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_AUTHOR_NAME: "Desk",
      GIT_AUTHOR_EMAIL: "desk@example.org",
      GIT_COMMITTER_NAME: "Desk",
      GIT_COMMITTER_EMAIL: "desk@example.org",
    },
  });
}

/** A copy as actions/cache makes one: contents, modes and modification times kept. */
function copyKeepingTimes(from: string, to: string): void {
  execFileSync("cp", ["-a", from, to]);
}

/** A copy that keeps nothing but the bytes: every file and folder gets a new time. */
function copyWithNewTimes(from: string, to: string): void {
  execFileSync("cp", ["-r", from, to]);
}

/** Every file under `dir` (absolute paths) whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * The origin repository: `old` (the site as it was long ago: other stories, another config),
 * `main` (the site today), `pr` (a pull request on `main` that edits a body and a title, adds
 * and deletes a story, changes a partial some pages use and the image many stories show),
 * `timezone` (`main` in another time zone: every date a page shows moves) and `unrelated`
 * (another site's history altogether).
 */
async function createOrigin(dir: string) {
  const origin = path.join(dir, "origin");
  const site = new NewsroomUnderEdit(origin);
  await site.init(4);
  git(origin, "init", "--quiet", "--initial-branch=old");
  await writeFile(path.join(origin, ".gitignore"), "dist/\n.newsdeck-cache/\n");
  git(origin, "add", "-A");
  git(origin, "commit", "--quiet", "-m", "The site long ago");

  git(origin, "checkout", "--quiet", "-b", "main");
  for (let i = 0; i < 26; i++) await site.add(i % 5, i % 3, -(i % 6));
  await site.apply({ kind: "config" });
  git(origin, "add", "-A");
  git(origin, "commit", "--quiet", "-m", "The site today");

  git(origin, "checkout", "--quiet", "-b", "timezone");
  const config = path.join(origin, "newsdeck.config.mjs");
  await writeFile(
    config,
    (await readFile(config, "utf8")).replace("Africa/Johannesburg", "Pacific/Auckland"),
  );
  git(origin, "commit", "--quiet", "-am", "The site in another time zone");

  git(origin, "checkout", "--quiet", "-b", "pr", "main");
  await site.apply({ kind: "body", which: 3 });
  await site.apply({ kind: "title", which: 11, text: "Harbour ferry returns" });
  await site.apply({ kind: "add", tag: 1, section: 2, at: -1 });
  await site.apply({ kind: "remove", which: 17 });
  await site.apply({ kind: "disclaimer" });
  await site.apply({ kind: "image" });
  git(origin, "add", "-A");
  git(origin, "commit", "--quiet", "-m", "A pull request");
  const contentFiles = (names: string) =>
    names.split("\n").filter((name) => name.startsWith("content/") && name.endsWith(".md"));
  // Content files the pull request added or changed: the bytes a build must read.
  const changed = contentFiles(
    git(origin, "diff", "--name-only", "--diff-filter=AM", "main", "pr"),
  ).length;
  const sources = (branch: string) =>
    contentFiles(git(origin, "ls-tree", "-r", "--name-only", branch)).length;

  git(origin, "checkout", "--quiet", "--orphan", "unrelated");
  git(origin, "rm", "-r", "--quiet", "-f", ".");
  await writeNewsroom(origin, 12);
  git(origin, "add", "-A");
  git(origin, "commit", "--quiet", "-m", "Another site");
  git(origin, "checkout", "--quiet", "main");
  return { origin, now: site.now, changed, sources: { main: sources("main"), pr: sources("pr") } };
}

/** What two builds must share: the exit code, located diagnostics and every output file's hash. */
interface Outcome {
  readonly exit: number;
  readonly diagnostics: readonly unknown[];
  readonly files: Readonly<Record<string, string>>;
}

function outcome(result: BuildResult, outDir: string): Outcome {
  return {
    exit: result.exitCode,
    diagnostics: result.diagnostics
      .filter((d) => d.code !== "CacheIgnored")
      .map((d) => [d.code, d.file, d.line, d.message]),
    files: result.exitCode === 0 ? Object.fromEntries(hashTree(outDir) ?? []) : {},
  };
}

/** What a CI job restores before it builds: a build cache, and an output folder if kept too. */
interface Stash {
  readonly cache: string;
  readonly dist?: string | undefined;
}

describe("a CI cache restored into a fresh clone", { timeout: 300_000 }, () => {
  const temp = tempFolders("all");

  let origin: string;
  let now: number;
  let changed: number;
  let sources: { readonly main: number; readonly pr: number };
  /** `main` built from a fresh clone: its cache and output, as a CI job saved them. */
  let main: Stash & { readonly dist: string; readonly result: BuildResult };
  /** A clean build of the pull request (a fresh clone elsewhere, nothing restored). */
  let clean: Outcome;

  /** Where CI jobs clone the site: always the same path, like a runner's workspace. */
  let workspace: string;

  /**
   * A CI job: clones `branch` into `root` (the workspace, emptied first), restores a stash as
   * actions/cache would (`copy` says how), lets `damage` have its way with the clone, and builds
   * (with this version of Newsdeck, or `newsdeck`).
   */
  const ciJob = async (
    root: string,
    branch: string,
    restore?: Stash,
    options: {
      readonly copy?: (from: string, to: string) => void;
      readonly damage?: (root: string) => Promise<unknown>;
      readonly newsdeck?: typeof build;
    } = {},
  ) => {
    await rm(root, { recursive: true, force: true });
    await mkdir(path.dirname(root), { recursive: true });
    git(path.dirname(root), "clone", "--quiet", "--branch", branch, origin, root);
    const copy = options.copy ?? copyKeepingTimes;
    if (restore) {
      copy(restore.cache, path.join(root, ".newsdeck-cache"));
      if (restore.dist) copy(restore.dist, path.join(root, "dist"));
    }
    await options.damage?.(root);
    return (options.newsdeck ?? build)({ root, now });
  };

  /** Stashes the cache and output folder a build left in `root`, as a CI job saves them. */
  const stash = async (root: string, name: string) => {
    const dir = await temp(`newsdeck-stash-${name}-`);
    copyKeepingTimes(path.join(root, ".newsdeck-cache"), path.join(dir, "cache"));
    copyKeepingTimes(path.join(root, "dist"), path.join(dir, "dist"));
    return { cache: path.join(dir, "cache"), dist: path.join(dir, "dist") };
  };

  /** Builds `branch` from a fresh clone in the workspace and stashes its cache and output. */
  const stashedBuild = async (branch: string) => {
    const result = await ciJob(workspace, branch);
    expect(result.exitCode).toBe(0);
    return { result, ...(await stash(workspace, branch)) };
  };

  /** A clean build of `branch`: a fresh clone (elsewhere), its own cache, nothing restored. */
  const cleanBuild = async (branch: string) => {
    const root = path.join(await temp(`newsdeck-clean-${branch}-`), "site");
    const result = await ciJob(root, branch);
    expect(result.exitCode).toBe(0);
    return outcome(result, path.join(root, "dist"));
  };

  beforeAll(async () => {
    ({ origin, now, changed, sources } = await createOrigin(await temp("newsdeck-origin-")));
    workspace = path.join(await temp("newsdeck-ci-"), "site");
    main = await stashedBuild("main");
    clean = await cleanBuild("pr");
  }, 120_000);

  // The shipped workflow restores the build cache and dist/ together, under one key.
  it("builds the pull request from main's cache as a clean build would, reading only the files it changed", async () => {
    expect(changed).toBe(3); // the edited body, the retitled story, the added story
    expect(main.result.sources).toEqual({ read: sources.main, total: sources.main });
    const root = workspace;
    const restored = await ciJob(root, "pr", main);
    const outDir = path.join(root, "dist");
    expect(outcome(restored, outDir)).toEqual(clean);
    // Every file of the clone is new (new inodes and times), yet git's index vouches for the
    // ones the pull request did not touch: only the changed ones are read. (A file checked out
    // in the same clock tick as git wrote its index is one git itself would re-read: a couple.)
    expect(restored.sources?.total).toBe(sources.pr);
    expect(restored.sources?.read).toBeGreaterThanOrEqual(changed);
    expect(restored.sources?.read).toBeLessThanOrEqual(changed + 2);
    // Not a full build: what the pull request changed was written, and nothing else; every other
    // file stays as the restored output folder had it (same modification time: not rewritten).
    expect(restored.changes?.replaced).toBe(false);
    const before = Object.fromEntries(hashTree(main.dist) ?? []);
    const differing = Object.keys(clean.files).filter((file) => before[file] !== clean.files[file]);
    expect(differing.length).toBeGreaterThan(5);
    expect([...(restored.changes?.changed.keys() ?? [])].sort()).toEqual(differing.sort());
    const kept = Object.keys(clean.files).filter((file) => before[file] === clean.files[file]);
    expect(kept.length).toBeGreaterThan(differing.length);
    for (const file of kept)
      expect({ file, mtime: (await stat(path.join(outDir, file))).mtimeMs }).toEqual({
        file,
        mtime: (await stat(path.join(main.dist, file))).mtimeMs,
      });

    // The same job where git's index cannot vouch (a source tarball, no .git): every file is
    // read, and the output is still the clean one.
    const withoutGit = await ciJob(root, "pr", main, {
      damage: (clone) => rm(path.join(clone, ".git"), { recursive: true }),
    });
    expect(withoutGit.sources).toEqual({ read: sources.pr, total: sources.pr });
    expect(outcome(withoutGit, outDir)).toEqual(clean);
  });

  it("builds the clean output from the cache without an output folder (an entry saved before the workflow kept dist/), its images apart or missing", async () => {
    const root = workspace;
    const restored = await ciJob(root, "pr", { cache: main.cache });
    expect(outcome(restored, path.join(root, "dist"))).toEqual(clean);
    // Every page is written (there is no output to keep), but unchanged sources are still not read.
    expect(restored.changes?.replaced).toBe(true);
    expect(restored.sources?.read).toBeLessThanOrEqual(changed + 2);

    // The workflow restores the image cache under its own key: it may miss while the rest hits.
    const withoutImages = await ciJob(
      root,
      "pr",
      { cache: main.cache },
      {
        damage: (clone) => rm(path.join(clone, ".newsdeck-cache", "images"), { recursive: true }),
      },
    );
    expect(outcome(withoutImages, path.join(root, "dist"))).toEqual(clean);
  });

  it("builds the clean output from a cache restored into another folder, with new times, or kept across a checkout", async () => {
    // Another runner, another workspace path: the state was made for another site root.
    const elsewhere = path.join(await temp("newsdeck-other-runner-"), "work", "site");
    const moved = await ciJob(elsewhere, "pr", main);
    expect(outcome(moved, path.join(elsewhere, "dist"))).toEqual(clean);

    // A cache action that keeps only bytes: every cached and output file has a new time. The
    // manifest's hash vouches for the output folder, so only what changed is written.
    const root = workspace;
    const retimed = await ciJob(root, "pr", main, { copy: copyWithNewTimes });
    expect(outcome(retimed, path.join(root, "dist"))).toEqual(clean);
    expect(retimed.changes?.replaced).toBe(false);

    // One clone, built on main, then `git checkout pr` (the changed files get new times) and
    // built again with the cache and output it left.
    await ciJob(root, "main");
    git(root, "checkout", "--quiet", "pr");
    const checkedOut = await build({ root, now });
    expect(outcome(checkedOut, path.join(root, "dist"))).toEqual(clean);
    // A story edited after the checkout, same size, its modification time put back to the
    // nanosecond (as a tool that restores times would): its change time still tells, to git's
    // index and to the build's own record.
    const story = path.join(root, "content", "articles", "2026", "story-20.md");
    const times = path.join(root, "..", "times-of-story-20");
    execFileSync("touch", ["-r", story, times]);
    const text = await readFile(story, "utf8");
    expect(text).toContain("Body of story 20");
    await writeFile(story, text.replace("Body of story 20", "Body of story 02"));
    execFileSync("touch", ["-r", times, story]);
    expect((await stat(story, { bigint: true })).mtimeNs).toBe(
      (await stat(times, { bigint: true })).mtimeNs,
    );
    await expectSameAsClean(root, path.join(root, "dist"), now, temp, "edited, time put back");
  });

  it("builds the clean output from the cache of an older commit, another config or another site", async () => {
    const root = workspace;
    for (const branch of ["old", "timezone", "unrelated"]) {
      const stashed = await stashedBuild(branch);
      const restored = await ciJob(root, "pr", stashed);
      expect({ branch, ...outcome(restored, path.join(root, "dist")) }).toEqual({
        branch,
        ...clean,
      });
      // Each differs in config from the pull request: every page is rendered again.
      expect({ branch, replaced: restored.changes?.replaced }).toEqual({ branch, replaced: true });
    }
    // The output folder of an older build beside main's cache (each restored under its own key).
    const old = await stashedBuild("old");
    const mismatched = await ciJob(root, "pr", { cache: main.cache, dist: old.dist });
    expect(outcome(mismatched, path.join(root, "dist"))).toEqual(clean);
  });

  it("builds the clean output from the cache of another Newsdeck version, whatever that version stored", async () => {
    // An older engine: the same code under another version, whose rendered bodies and records
    // are then made to differ from what this version would store (as a real older engine's
    // may), each still intact by its own checks. Trusting any of it would show in the output.
    vi.resetModules();
    vi.doMock("../../src/cache/engine-version.js", () => ({ engineVersion: "0.0.1+cache.1" }));
    let older: Stash;
    try {
      const newsdeck = (await import("../../src/build.js")).build;
      expect((await ciJob(workspace, "main", undefined, { newsdeck })).exitCode).toBe(0);
      older = await stash(workspace, "older-engine");
    } finally {
      vi.doUnmock("../../src/cache/engine-version.js");
      vi.resetModules();
    }
    const stateFile = path.join(older.cache, "state", "build.tsv");
    expect((await readFile(stateFile, "utf8")).split("\n", 1)[0]).toContain("0.0.1+cache.1");
    expect(await rewriteBodies(older.cache)).toBeGreaterThan(20);
    expect(await rewriteRecordTitles(older.cache, { sign: true })).toBeGreaterThan(20);

    const root = workspace;
    const restored = await ciJob(root, "pr", older);
    expect(outcome(restored, path.join(root, "dist"))).toEqual(clean);
    expect(restored.diagnostics.find((d) => d.code === "CacheIgnored")?.message).toContain(
      "0.0.1+cache.1",
    );
    expect(restored.sources).toEqual({ read: sources.pr, total: sources.pr });
  });

  /**
   * Ways a restored cache can be damaged (a save or upload cut short, bytes changed in place,
   * each file still well-formed where it can be), and the notice the build gives when it cannot
   * use the cache and builds everything (none when what is damaged is simply made again).
   */
  const damages: Record<
    string,
    { readonly damage: (cache: string) => Promise<unknown>; readonly notice?: RegExp }
  > = {
    "state file cut in half": {
      damage: async (cache) => {
        const state = path.join(cache, "state", "build.tsv");
        await truncate(state, Math.floor((await stat(state)).size / 2));
      },
      notice: /: its state file does not match its checksum \(truncated or edited\)$/,
    },
    "state file with one digit changed in the middle": {
      damage: async (cache) => {
        const state = path.join(cache, "state", "build.tsv");
        const text = await readFile(state, "utf8");
        const at = text.slice(text.length >> 1).search(/[0-8]/) + (text.length >> 1);
        expect(at).toBeGreaterThan(text.indexOf("\n"));
        await writeFile(state, `${text.slice(0, at)}${Number(text[at]) + 1}${text.slice(at + 1)}`);
      },
      notice: /: its state file does not match its checksum \(truncated or edited\)$/,
    },
    "state chunks changed in place, each its size": {
      damage: async (cache) => {
        for (const file of filesUnder(path.join(cache, "state", "build.chunks"), ".tsv")) {
          const text = await readFile(file, "utf8");
          await writeFile(
            file,
            text.replace(/\t(\d)/, (_, d: string) => `\t${(Number(d) + 1) % 10}`),
          );
        }
      },
      notice: /: its state chunk [0-9a-f]{40} does not match its checksum$/,
    },
    "state chunk missing": {
      damage: async (cache) => {
        const [first] = filesUnder(path.join(cache, "state", "build.chunks"), ".tsv");
        await rm(first as string);
      },
      notice: /: its state chunk [0-9a-f]{40} is missing$/,
    },
    "records chunks cut short in a record": {
      damage: async (cache) => {
        for (const file of filesUnder(path.join(cache, "records"), ".ndjson")) {
          const text = await readFile(file, "utf8");
          await writeFile(file, text.slice(0, text.lastIndexOf('"title"')));
        }
      },
      notice: /: its validated record of content\/articles\/\S+\.md is missing or damaged$/,
    },
    "records' titles changed in place, still well-formed": {
      damage: (cache) => rewriteRecordTitles(cache, { sign: false }),
      notice: /: its validated record of content\/articles\/\S+\.md is missing or damaged$/,
    },
    "rendered bodies changed": {
      damage: async (cache) => {
        for (const file of filesUnder(path.join(cache, "bodies"), ".html")) {
          const text = await readFile(file, "utf8");
          await writeFile(file, text.replace(/<\/p>/, " (changed)</p>"));
        }
      },
    },
    "cached config changed under its key": {
      damage: async (cache) => {
        const file = path.join(cache, "state", "config.json");
        const stored = JSON.parse(await readFile(file, "utf8")) as {
          config: { pagination: { perPage: number } };
        };
        stored.config.pagination.perPage += 4;
        await writeFile(file, JSON.stringify(stored));
      },
    },
    "files all emptied": {
      damage: async (cache) => {
        for (const file of filesUnder(cache, "")) await truncate(file, 0);
      },
      notice: /: its state file is not a Newsdeck build state$/,
    },
  };

  it.each(Object.keys(damages))(
    "builds the clean output from a cache with its %s, and leaves a sound cache",
    async (name) => {
      const { damage, notice } = damages[name] as (typeof damages)[string];
      const root = workspace;
      const damaged = await ciJob(root, "pr", main, {
        damage: (clone) => damage(path.join(clone, ".newsdeck-cache")),
      });
      expect(outcome(damaged, path.join(root, "dist"))).toEqual(clean);
      const notices = damaged.diagnostics.filter((d) => d.code === "CacheIgnored");
      if (notice) {
        // Detected: one warning, and every source read and every page written anew.
        expect(notices.map((d) => [d.severity, d.message])).toEqual([
          ["warning", expect.stringMatching(notice)],
        ]);
        expect(notices[0]?.message).toMatch(/^the build cache in \.newsdeck-cache was ignored: /);
        expect(damaged.sources).toEqual({ read: sources.pr, total: sources.pr });
        expect(damaged.changes?.replaced).toBe(true);
      } else expect(notices).toEqual([]);
      // The cache it left is sound: the next build of the same clone finds nothing to do.
      const again = await build({ root, now });
      expect(again.diagnostics.map((d) => d.code)).not.toContain("CacheIgnored");
      expect(again.sources?.read).toBe(0);
      expect(again.rendered).toBe(0);
      expect(outcome(again, path.join(root, "dist"))).toEqual(clean);
    },
  );
});

/**
 * Rewrites every cached body with other HTML under its own key and a matching checksum, as a
 * renderer that works differently would have stored it. Returns how many it rewrote.
 */
async function rewriteBodies(cache: string): Promise<number> {
  const files = filesUnder(path.join(cache, "bodies"), ".html");
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const header = /^<!--newsdeck-body ([0-9a-f]{64}) [0-9a-f]{64}-->\n/.exec(text);
    if (!header) throw new Error(`not a cached body: ${file}`);
    const html = `<p>Rendered by an older engine.</p>\n${text.slice(header[0].length)}`;
    await writeFile(file, `<!--newsdeck-body ${header[1]} ${hashBytes(html)}-->\n${html}`);
  }
  return files.length;
}

/**
 * Changes the title in every cached record, keeping each records chunk well-formed and its first
 * line's engine. `sign` makes each line's checksum anew, as the engine that wrote it would have:
 * without it, the lines were changed in place.
 */
async function rewriteRecordTitles(
  cache: string,
  { sign }: { readonly sign: boolean },
): Promise<number> {
  let changed = 0;
  for (const file of filesUnder(path.join(cache, "records"), ".ndjson")) {
    const [head, ...lines] = (await readFile(file, "utf8")).split("\n");
    const rewritten = lines.map((line) => {
      if (line === "") return line;
      const stored = JSON.parse(line) as [string, string, SourceRecord<{ title?: string }>];
      const [name, key, record] = stored;
      if (typeof record.value?.title !== "string") return line;
      record.value.title = `Z${record.value.title.slice(1)}`;
      changed++;
      return sign ? recordLine(name, key, record) : JSON.stringify(stored);
    });
    await writeFile(file, [head, ...rewritten].join("\n"));
  }
  return changed;
}
