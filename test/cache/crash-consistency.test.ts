import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { commitMarker } from "../../src/write/output-writer.js";
import {
  type HeldNewsdeckProcess,
  type StopAt,
  startHeldNewsdeck,
} from "../helpers/newsdeck-process.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { newsroomNow, newsroomStory, writeNewsroom } from "../helpers/write-newsroom.js";
import { hashTree, sameTree, treeDifferences } from "./hash-tree.js";

/** Stories in the site: enough pages that a commit takes a while and a warm build can be cut short. */
const articles = 60;
/**
 * Builds killed at random moments, besides the kills at chosen moments. A soak run raises it
 * (`NEWSDECK_CRASH_KILLS=50`); `NEWSDECK_CRASH_SEED` replays the choices (where to stop, when
 * to kill) of a run whose seed a failure named.
 */
const randomKills = Number(process.env.NEWSDECK_CRASH_KILLS ?? 5);
const seed = Number(process.env.NEWSDECK_CRASH_SEED ?? Date.now() % 1_000_000);

/**
 * The versions of the site the builds go between: `A` as written; `B` with a body edited, a
 * story retitled, one added (on the first page of its listings) and one deleted; `C` with the
 * site's footer partial changed (every page changes).
 */
type Version = "A" | "B" | "C";

/** What a killed build left in the output folder, or that it finished first. */
type Outcome = "untouched" | "aside" | "midCommit" | "committed" | "finished";

/** A small seeded generator (mulberry32): a failure names its seed, and the seed replays it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When to kill, as fractions of a build's measured duration, shuffled: two thirds spread over the
 * whole build and a little past it (a build may take longer than the one measured; one that
 * finishes first has its output checked whole), a third over its last part, where pages are
 * written, the output folder committed and the build state saved.
 */
function killMoments(next: () => number, count: number): number[] {
  const spread = Math.ceil((count * 2) / 3);
  const moments: number[] = [];
  for (let i = 0; i < spread; i++) moments.push(((i + next()) / spread) * 1.1);
  for (let i = 0; i < count - spread; i++)
    moments.push(0.7 + ((i + next()) / (count - spread)) * 0.4);
  for (let i = moments.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [moments[i], moments[j]] = [moments[j] as number, moments[i] as number];
  }
  return moments;
}

/** Child processes of `pid` (pagefind's service, for one), with their start times. */
function childrenOf(pid: number): { pid: number; start: string }[] {
  const found: { pid: number; start: string }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const fields = procStat(Number(name));
    if (fields && Number(fields[1]) === pid)
      found.push({ pid: Number(name), start: fields[19] ?? "" });
  }
  return found;
}

function stillRunning(child: { pid: number; start: string }): boolean {
  const fields = procStat(child.pid);
  return fields !== undefined && fields[19] === child.start && fields[0] !== "Z";
}

/** The fields of `/proc/<pid>/stat` after the command name (state, parent, ...). */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The site on disk, switched between its versions in place, as a writer's checkout would be. */
class SiteVersions {
  readonly #original = new Map<string, string>();
  constructor(readonly root: string) {}

  static readonly body = newsroomStory(7);
  static readonly title = newsroomStory(12);
  static readonly added = newsroomStory(articles + 1);
  static readonly deleted = newsroomStory(40);
  static readonly footer = "templates/partials/site-footer.eta";

  async init(): Promise<void> {
    await writeNewsroom(this.root, articles);
    for (const file of [
      SiteVersions.body,
      SiteVersions.title,
      SiteVersions.deleted,
      SiteVersions.footer,
    ])
      this.#original.set(file, await readFile(path.join(this.root, file), "utf8"));
  }

  async set(version: Version): Promise<void> {
    const original = (file: string) => this.#original.get(file) as string;
    const b = version === "B";
    await this.#write(
      SiteVersions.body,
      b ? `${original(SiteVersions.body)}\nA paragraph the night editor added.\n` : undefined,
    );
    await this.#write(
      SiteVersions.title,
      b
        ? original(SiteVersions.title).replace(/^title: .*$/m, 'title: "Quay wall gives way"')
        : undefined,
    );
    await this.#write(
      SiteVersions.added,
      b
        ? '---\ntitle: "Late ferry runs again"\ndate: 2026-11-27T18:00:00Z\nsection: city\ntags: ["Harbour", "Transport"]\n---\nThe late ferry is back on the timetable.\n'
        : null,
    );
    await this.#write(SiteVersions.deleted, b ? null : undefined);
    await this.#write(
      SiteVersions.footer,
      version === "C"
        ? original(SiteVersions.footer).replace(
            "</footer>",
            '<p class="colophon">Set by the night desk.</p>\n</footer>',
          )
        : undefined,
    );
  }

  /** Writes `text`, or the original (undefined), or removes the file (null); only when it differs. */
  async #write(file: string, text: string | null | undefined): Promise<void> {
    const abs = path.join(this.root, file);
    const wanted = text === undefined ? this.#original.get(file) : text;
    const now = existsSync(abs) ? await readFile(abs, "utf8") : null;
    if (wanted === now) return;
    if (wanted === null || wanted === undefined) await rm(abs);
    else {
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, wanted);
    }
  }
}

describe("a build killed at any moment", { timeout: 600_000 }, () => {
  const temp = tempFolders();
  const started: HeldNewsdeckProcess[] = [];
  // Registered after the folders' removal, so run before it ("after" hooks run in reverse).
  afterEach(async () => {
    for (const running of started.splice(0)) {
      if (running.child.exitCode === null && running.child.signalCode === null)
        running.child.kill("SIGKILL");
      await running.finished.catch(() => undefined);
    }
  });

  it("leaves whole files from the build before or after (the previous output untouched before the commit), and the next build gives the clean output", async () => {
    const next = random(seed);
    const work = await temp("newsdeck-crash-");
    const root = path.join(work, "site");
    const outDir = path.join(root, "dist");
    const cacheDir = path.join(root, ".newsdeck-cache");
    const site = new SiteVersions(root);
    await site.init();
    const now = newsroomNow;

    // What a clean build of each version writes; the working site's own first build is A's.
    const clean = new Map<Version, ReadonlyMap<string, string>>();
    for (const version of ["B", "C", "A"] as const) {
      await site.set(version);
      const out = version === "A" ? undefined : path.join(work, `clean-${version}`);
      const result = await build({
        root,
        outDir: out && path.join(out, "dist"),
        cacheDir: out && path.join(out, "cache"),
        now,
      });
      expect(result.exitCode).toBe(0);
      clean.set(version, hashTree(out ? path.join(out, "dist") : outDir) ?? new Map());
    }
    const cleanOf = (version: Version) => clean.get(version) as ReadonlyMap<string, string>;
    expect(cleanOf("A").size).toBeGreaterThan(150);
    // Files a build between A and C moves into the output folder: every page.
    const movedToC = treeDifferences(cleanOf("A"), cleanOf("C"), Number.POSITIVE_INFINITY).length;
    expect(movedToC).toBeGreaterThan(60);

    // Builds start with their modules loaded, the next one waiting (loading its own meanwhile),
    // so that the moments of the kills fall in what the build does, not in Node's start-up.
    // The builds: two left to finish, eight at chosen moments, then the random kills with a build
    // left to finish after every third and after the last.
    const plannedBuilds = 10 + randomKills + Math.ceil(randomKills / 3);
    const gates = path.join(work, "gates");
    await mkdir(gates);
    const queue: HeldNewsdeckProcess[] = [];
    const fill = () => {
      while (queue.length < 2 && started.length < plannedBuilds) {
        const held = startHeldNewsdeck(
          ["build", "--root", root, "--now", new Date(now).toISOString()],
          path.join(gates, `go-${started.length}`),
        );
        started.push(held);
        queue.push(held);
      }
    };
    fill();
    const stateFile = path.join(cacheDir, "state", "build.tsv");
    const locks = [path.join(cacheDir, "lock"), path.join(root, ".newsdeck-lock-dist")];
    const lockHolders = () =>
      locks.flatMap((file) => {
        try {
          return [(JSON.parse(readFileSync(file, "utf8")) as { pid: number }).pid];
        } catch {
          return [];
        }
      });

    /**
     * What the output folder holds (a clean version, or a commit cut short), and whether the
     * build state surely describes it (not after a kill that changed the output folder).
     */
    let holds = "A" as Version | "mixed";
    let trusted = true;
    let before = cleanOf("A");
    /**
     * How long a warm build takes, from release to exit (ms), by what it must do: change a few
     * pages, or every page (a footer change, or a whole new output after a kill).
     */
    const duration = new Map<string, number>();
    const outcomes: Record<Outcome, number> = {
      untouched: 0,
      aside: 0,
      midCommit: 0,
      committed: 0,
      finished: 0,
    };
    const locking = { staleLeft: 0, takenOver: 0 };
    const problems: unknown[] = [];
    let kills = 0;
    let builds = 0;
    let alternate = 0;

    /**
     * One warm build to `version`: killed `at` a fraction of its measured duration after it is
     * let go, or where it stops (`StopAt`), or as soon as it holds its locks, or left to finish.
     * Checks what it left against what was there before and the clean build of `version`.
     */
    const warmBuild = async (
      version: Version,
      at: number | StopAt | "locked" | "finish",
    ): Promise<Outcome> => {
      builds++;
      const target = cleanOf(version);
      await site.set(version);
      const key = !trusted || holds === "C" || version === "C" ? "every page" : "a few";
      const staleBefore = lockHolders().length > 0;
      fill();
      const running = queue.shift();
      if (!running) throw new Error(`more builds than the ${plannedBuilds} planned`);
      fill();
      const pid = running.child.pid as number;
      const known = duration.get(key) ?? Math.max(0, ...duration.values());
      const planned = typeof at === "number" ? Math.round(at * known) : at;
      const what = { seed, build: builds, holds, trusted, version, planned };
      const released = await running.release(typeof planned === "object" ? planned : undefined);
      const alive = () => running.child.exitCode === null && running.child.signalCode === null;
      if (typeof planned === "number") {
        await Promise.race([running.finished, sleep(released + planned - performance.now())]);
      } else if (planned === "locked") {
        while (alive() && !lockHolders().includes(pid)) await sleep(2);
      } else if (typeof planned === "object") {
        while (alive() && !running.stopped()) await sleep(2);
      }
      let children: ReturnType<typeof childrenOf> = [];
      if (planned !== "finish" && alive()) {
        children = childrenOf(pid);
        running.child.kill("SIGKILL");
      }
      const run = await running.finished;
      const after = hashTree(outDir);
      if (run.code !== null) {
        // It finished first: it must have succeeded and left exactly the clean output.
        // Builds slow down and speed up with the machine's load: the latest counts half, and a
        // faster one counts whole (a warm build of a few pages takes a few hundred
        // milliseconds, so a kill planned from a slower one would mostly come too late).
        const took = performance.now() - released;
        duration.set(key, Math.min(took, (duration.get(key) ?? took) / 2 + took / 2));
        outcomes.finished++;
        if (staleBefore) locking.takenOver++;
        if (run.code !== 0 || !after || !sameTree(after, target))
          problems.push({
            ...what,
            code: run.code,
            stderr: run.stderr,
            differ: treeDifferences(after, target),
          });
        holds = version;
        trusted = true;
        before = after ?? new Map();
        return "finished";
      }
      kills++;
      if (lockHolders().includes(pid)) locking.staleLeft++;
      // A build killed between moving the old output aside and the new one in leaves no output
      // folder: the old one waits beside it, and the next build puts it back.
      const aside = readdirSync(root).filter((name) =>
        /^\.newsdeck-tmp-dist\..*-previous$/.test(name),
      );
      const visible =
        after ?? (aside.length === 1 ? hashTree(path.join(root, aside[0] as string)) : undefined);
      if (!visible) {
        problems.push({ ...what, killed: "no output folder", aside });
        return "untouched";
      }
      // Every file is whole and from one of the two builds; none that both have is missing; and
      // an output that is neither build's entirely is marked (the next build trusts none of it).
      const foreign = [...visible].filter(
        ([file, hash]) =>
          file !== commitMarker && hash !== before.get(file) && hash !== target.get(file),
      );
      const lost = [...before.keys()].filter((file) => target.has(file) && !visible.has(file));
      const marked = visible.has(commitMarker);
      const untouched = sameTree(visible, before);
      const committed = !marked && sameTree(visible, target);
      if (foreign.length > 0 || lost.length > 0 || (!untouched && !committed && !marked))
        problems.push({
          ...what,
          foreign: foreign.slice(0, 5).map(([file]) => file),
          lost: lost.slice(0, 5),
          marked,
        });
      // Nothing the killed build started outlives it (pagefind's service ends with its stdin).
      for (let waited = 0; children.some(stillRunning) && waited < 5000; waited += 20)
        await sleep(20);
      const survivors = children.filter(stillRunning);
      if (survivors.length > 0) {
        problems.push({ ...what, survivors });
        for (const survivor of survivors) process.kill(survivor.pid, "SIGKILL");
      }
      before = visible;
      const outcome = untouched
        ? after
          ? "untouched"
          : "aside"
        : committed
          ? "committed"
          : "midCommit";
      outcomes[outcome]++;
      if (outcome === "committed" || outcome === "midCommit") {
        holds = outcome === "committed" ? version : "mixed";
        trusted = false;
      }
      return outcome;
    };
    /** Each build changes what the output folder holds: to one of the other versions, in turn. */
    const nextVersion = (): Version => {
      const choices = (["A", "B", "C"] as const).filter((version) => version !== holds);
      return choices[alternate++ % choices.length] as Version;
    };
    const stopBefore = (target: string, count: number): StopAt => ({
      stopBefore: { path: target, count },
    });

    /** A build at a chosen moment: it must leave `expected`, with no problem found. */
    const step = async (version: Version, at: StopAt | "locked" | "finish", expected: Outcome) => {
      const outcome = await warmBuild(version, at);
      expect({ build: builds, problems, outcome }).toEqual({
        build: builds,
        problems: [],
        outcome: expected,
      });
    };

    // Warm builds left to finish (a few pages change, then every page): each must equal its
    // clean build, and their durations are what the random kills are spread over.
    await step("B", "finish", "finished");
    await step("C", "finish", "finished");

    // Kills at chosen moments; after each that changed the output folder, the next build to
    // finish goes to another version than the killed one (so anything it trusted wrongly shows).
    // Part-way through moving a build's pages into the output folder (C to A: every page): the
    // folder holds pages of both, marked as a commit cut short.
    await step("A", stopBefore(outDir, 1 + Math.floor(next() * (movedToC / 2))), "midCommit");
    // The next build trusts none of it and swaps a whole new output in: killed between moving
    // the marked folder aside and the new one in, it leaves no output folder, the old one aside.
    await step("B", stopBefore(outDir, 1), "aside");
    await step("C", "finish", "finished");
    // With the output committed and the state not yet saved: the state describes C, the output A.
    await step("A", stopBefore(stateFile, 1), "committed");
    await step("C", "finish", "finished");
    // While bodies are rendered, before anything is written: the output folder is untouched.
    // (The body store is emptied first, so that the build surely renders B's edited bodies: a
    // body it rendered before, even in a build killed since, would be taken from the store.)
    await rm(path.join(cacheDir, "bodies"), { recursive: true, force: true });
    await step("B", stopBefore(path.join(cacheDir, "bodies"), 1), "untouched");
    // Killed as soon as it holds its locks (taken over from the build killed before it): the
    // next build waits for nobody (without --wait, a lock it thought alive would fail it at
    // once); it takes them over, and finishes.
    await step("A", "locked", "untouched");
    expect(lockHolders().length).toBeGreaterThan(0);
    const takenOver = locking.takenOver;
    await step("B", "finish", "finished");
    expect(locking.takenOver).toBe(takenOver + 1);

    // Kills at random moments, a build left to finish after every third and after the last.
    const moments = killMoments(next, randomKills);
    for (const [i, moment] of moments.entries()) {
      await warmBuild(nextVersion(), moment);
      if (i % 3 === 2 || i === moments.length - 1) await warmBuild(nextVersion(), "finish");
      expect(problems).toEqual([]);
    }

    expect(builds).toBe(plannedBuilds);
    expect(outcomes.untouched).toBeGreaterThan(0);
    expect(kills).toBeGreaterThanOrEqual(5 + Math.ceil(randomKills / 2));
    expect(locking.staleLeft).toBeGreaterThan(0);
    expect(holds).not.toBe("mixed");
    // Nothing is left beside the output folder: no lock, no staging folder.
    expect((await readdir(root)).filter((name) => name.startsWith(".newsdeck-"))).toEqual([
      ".newsdeck-cache",
    ]);
    expect(lockHolders()).toEqual([]);
    // Nor a state file or records chunk a killed build wrote and never renamed into place (the
    // next build removes them; a killed build's half-rendered body may stay, a few kilobytes).
    const temporaries = (folder: string) =>
      readdirSync(path.join(cacheDir, folder)).filter((name) => name.endsWith(".tmp"));
    expect([
      ...temporaries("state"),
      ...temporaries("state/build.chunks"),
      ...temporaries("records"),
    ]).toEqual([]);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    // Every state chunk there is one the state names: those of killed builds went at the next
    // commit.
    const named = (await readFile(path.join(cacheDir, "state", "build.tsv"), "utf8"))
      .split("\n")
      .filter((line) => /^[0-9a-f]{40}\t/.test(line))
      .map((line) => `${line.slice(0, 40)}.tsv`);
    expect(readdirSync(path.join(cacheDir, "state", "build.chunks")).sort()).toEqual(
      [...new Set(named)].sort(),
    );
    console.info(
      `crash consistency (seed ${seed}): ${kills} kills in ${builds} builds, ${JSON.stringify({ ...outcomes, ...locking })}, warm builds ${JSON.stringify(Object.fromEntries([...duration].map(([k, v]) => [k, Math.round(v)])))} ms`,
    );
  });
});
