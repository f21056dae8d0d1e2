import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { processStartTime } from "../../src/write/process-identity.js";
import { pollUntil } from "../dev/dev-harness.js";
import { type FileTree, hashOutputFiles, writeTree } from "../helpers/build-site.js";
import { type NewsdeckProcess, startNewsdeck } from "../helpers/newsdeck-process.js";

/**
 * Two builds of one site at once, as real processes: a writer's `npm run build` beside a cron
 * job, or a CI without a concurrency group. They used to share one staging folder and corrupt
 * the output; now the second waits (`--wait`) or exits 2 naming the first, and the output is
 * always what a lone build writes.
 */

const now = "2026-11-28T10:00:00Z";

/** A site large enough that a cold build takes seconds here: long enough to overlap. */
function newsroom(count: number): FileTree {
  const tree: Record<string, string> = {
    "newsdeck.config.mjs":
      'export default { site: { title: "The Overlap Herald" }, sections: { city: { title: "City" } } };\n',
  };
  for (let i = 0; i < count; i++) {
    const day = String(1 + (i % 27)).padStart(2, "0");
    tree[`content/articles/2026/11/story-${i}.md`] =
      `---\ntitle: Council story number ${i}\ndate: 2026-11-${day}T08:00:00Z\nsection: city\ntags: [Budget ${i % 9}, Ward ${i % 13}]\nauthors: [Reporter ${i % 6}]\n---\n` +
      `${"The council met again to argue over the budget and the water tariffs for the year. ".repeat(12)}\n\n` +
      `A second paragraph with *emphasis*, a [link](https://example.org/${i}) and a list:\n\n- one\n- two\n`;
  }
  return tree;
}

let template: string;
let reference: Record<string, string>;

beforeAll(async () => {
  template = await writeTree(newsroom(300));
  const clean = await copySite();
  try {
    const result = await build({ root: clean, now: Date.parse(now), threads: 0 });
    expect(result.exitCode).toBe(0);
    reference = await hashOutputFiles(path.join(clean, "dist"));
  } finally {
    await rm(clean, { recursive: true, force: true });
  }
}, 180_000);
afterAll(() => rm(template, { recursive: true, force: true }));

/** A fresh copy of the site, with no output and no cache. */
async function copySite(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "newsdeck-lock-site-"));
  await cp(template, root, { recursive: true });
  return root;
}

function buildProcess(root: string, ...extra: string[]) {
  return startNewsdeck(["build", "--root", root, "--now", now, ...extra]);
}

/**
 * Starts a cold build of a fresh copy, waits until it holds its lock and runs `second` beside
 * it; then the first must have succeeded, with the output a clean build writes and nothing left.
 */
async function besideARunningBuild(
  second: (root: string, first: NewsdeckProcess) => Promise<void>,
): Promise<void> {
  const root = await copySite();
  try {
    const first = buildProcess(root);
    const lock = path.join(root, ".newsdeck-cache", "lock");
    await pollUntil(async () => existsSync(lock), "the first build to take its lock");
    await second(root, first);
    expect((await first.finished).code).toBe(0);
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(reference);
    expectNoLeftovers(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Nothing a build leaves only while it runs: no staging folder, no lock file. */
function expectNoLeftovers(root: string): void {
  expect(readdirSync(root).filter((name) => name.startsWith(".newsdeck-"))).toEqual([
    ".newsdeck-cache",
  ]);
  expect(readdirSync(path.join(root, ".newsdeck-cache")).filter((n) => /lock|tmp/.test(n))).toEqual(
    [],
  );
}

/** A process that lives until killed (a live pid that is not this one), once it has started. */
async function startSleeper(): Promise<{ child: ChildProcess; pid: number; startTime: string }> {
  const child = spawn("sleep", ["600"], { stdio: "ignore" });
  const pid = child.pid as number;
  const startTime = await pollUntil(async () => processStartTime(pid), "the process to start");
  return { child, pid, startTime };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** A pid that belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

/** Writes a lock file as another newsdeck process would have left it. */
async function writeLock(
  file: string,
  owner: { pid: number; startTime?: string | undefined; purpose?: string },
): Promise<void> {
  await writeFile(
    file,
    `${JSON.stringify({
      host: hostname(),
      started: "2026-11-28T09:59:00.000Z",
      command: "newsdeck.js build --root elsewhere",
      purpose: "build",
      token: "4b1d0c6e-0000-4000-8000-000000000000",
      ...owner,
    })}\n`,
  );
}

describe("two builds of one site", { timeout: 240_000 }, () => {
  it("refuses the second while the first runs, in one line naming it, with exit 2", async () => {
    await besideARunningBuild(async (root, first) => {
      const second = await buildProcess(root).finished;
      expect(second.code).toBe(2);
      const lines = second.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\.newsdeck-cache/lock  the build cache \\.newsdeck-cache/ is in use by pid ${first.child.pid} ` +
            `\\(run\\.ts build --root \\S+ --now ${now}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) ` +
            "\\(hint: wait for it to finish, or run with --wait \\[SECONDS\\] to wait for it\\)  \\[BuildLocked\\]$",
        ),
      );
    });
  });

  it("with --wait, lets the second wait its turn: both succeed", async () => {
    await besideARunningBuild(async (root, first) => {
      const second = await buildProcess(root, "--wait", "120").finished;
      expect(second.stderr).toContain(`waiting for pid ${first.child.pid} (run.ts build`);
      expect(second.code).toBe(0);
    });
  });

  it("started at the same moment, round after round, leave the output of a clean build", async () => {
    for (let round = 0; round < 3; round++) {
      const root = await copySite();
      try {
        // Every other round waits: then both must succeed, one after the other.
        const extra = round % 2 === 1 ? ["--wait", "120"] : [];
        const runs = await Promise.all([
          buildProcess(root, ...extra).finished,
          buildProcess(root, ...extra).finished,
        ]);
        const codes = runs.map((run) => run.code).sort();
        if (extra.length > 0) expect(codes).toEqual([0, 0]);
        else
          expect([
            [0, 0],
            [0, 2],
          ]).toContainEqual(codes);
        for (const run of runs) {
          expect(run.stderr).not.toContain("crashed");
          if (run.code === 2) expect(run.stderr).toMatch(/in use by pid \d+ .*\[BuildLocked\]/);
        }
        expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(reference);
        expectNoLeftovers(root);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }
  });
});

describe("a lock left behind", { timeout: 120_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await copySite();
    const first = await build({ root, now: Date.parse(now), threads: 0 });
    expect(first.exitCode).toBe(0);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));
  const cacheLock = () => path.join(root, ".newsdeck-cache", "lock");
  const outputLock = () => path.join(root, ".newsdeck-lock-dist");

  it("by a build that died is taken over", async () => {
    await writeLock(cacheLock(), { pid: await deadPid() });
    await writeLock(outputLock(), { pid: await deadPid() });
    const run = await buildProcess(root).finished;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expectNoLeftovers(root);
  });

  it("whose pid now names another process (its start time differs) is taken over", async () => {
    const other = await startSleeper();
    try {
      await writeLock(cacheLock(), { pid: other.pid, startTime: "1" });
      const run = await buildProcess(root).finished;
      expect(run.code).toBe(0);
      expectNoLeftovers(root);
    } finally {
      await stop(other.child);
    }
  });

  it("by a live build is respected: exit 2 at once, or after --wait SECONDS", async () => {
    const holder = await startSleeper();
    try {
      await writeLock(outputLock(), { pid: holder.pid, startTime: holder.startTime });
      const before = await hashOutputFiles(path.join(root, "dist"));
      const refused = await buildProcess(root).finished;
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `.newsdeck-lock-dist  the output folder dist/ is in use by pid ${holder.pid} (newsdeck.js build --root elsewhere, started 2026-11-28T09:59:00.000Z)`,
      );
      const started = performance.now();
      const waited = await buildProcess(root, "--wait", "2").finished;
      expect(waited.code).toBe(2);
      expect(performance.now() - started).toBeGreaterThan(2000);
      expect(waited.stderr).toContain(`waiting for pid ${holder.pid}`);
      expect(waited.stderr).toContain("still at work after 2 s");
      expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(before);
      // The holder's lock is still its own.
      expect(JSON.parse(await readFile(outputLock(), "utf8")).pid).toBe(holder.pid);
    } finally {
      await stop(holder.child);
      await rm(outputLock(), { force: true });
    }
  });

  it("by a newsdeck dev rebuild is waited for without --wait, until its holder is gone", async () => {
    const holder = await startSleeper();
    try {
      await writeLock(cacheLock(), {
        pid: holder.pid,
        startTime: holder.startTime,
        purpose: "dev",
      });
      const run = buildProcess(root);
      await pollUntil(async () => run.stderr().includes("waiting for"), "the build to wait");
      expect(run.stderr()).toContain(`waiting for pid ${holder.pid} (a newsdeck dev rebuild`);
      await stop(holder.child);
      const finished = await run.finished;
      expect(finished.code).toBe(0);
      expectNoLeftovers(root);
    } finally {
      await stop(holder.child);
    }
  });
});
