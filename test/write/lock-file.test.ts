import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, LockBusyError, readLockOwner } from "../../src/write/lock-file.js";
import { isProcessRunning, processStartTime } from "../../src/write/process-identity.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "newsdeck-lock-"));
  file = path.join(dir, "lock");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const atOnce = { purpose: "build", waitMs: () => 0 };

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

describe("a lock file", () => {
  it("names its holder: pid, start time, host, command and purpose", async () => {
    const lock = await acquireLock(file, { ...atOnce, purpose: "dev" });
    try {
      expect(readLockOwner(file)).toMatchObject({
        pid: process.pid,
        startTime: processStartTime(process.pid),
        host: hostname(),
        purpose: "dev",
      });
      expect(readLockOwner(file)?.command).toMatch(/\S/);
    } finally {
      lock.release();
    }
    expect(existsSync(file)).toBe(false);
    // Nothing else is left: no temporary file, no takeover guard.
    expect(readdirSync(dir)).toEqual([]);
  });

  it("takes the folders it made for itself with it, when they are left empty", async () => {
    const nested = path.join(dir, "cache", "deeper", "lock");
    (await acquireLock(nested, atOnce)).release();
    expect(readdirSync(dir)).toEqual([]);
    const kept = path.join(dir, "kept", "lock");
    const lock = await acquireLock(kept, atOnce);
    await writeFile(path.join(dir, "kept", "index.json"), "{}");
    lock.release();
    expect(readdirSync(path.join(dir, "kept"))).toEqual(["index.json"]);
  });

  it("is held by exactly one of many runs that ask at once", async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, () => acquireLock(file, atOnce)),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === "rejected") expect(attempt.reason).toBeInstanceOf(LockBusyError);
    }
    if (won[0]?.status === "fulfilled") won[0].value.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("left by a dead process is taken over by exactly one of many runs that find it", async () => {
    const stale = `${JSON.stringify({ pid: await deadPid(), host: hostname(), token: "stale" })}\n`;
    for (let round = 0; round < 5; round++) {
      await writeFile(file, stale);
      const attempts = await Promise.allSettled(
        Array.from({ length: 12 }, () => acquireLock(file, atOnce)),
      );
      const won = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      expect(won).toHaveLength(1);
      expect(readLockOwner(file)?.token).toBe(won[0]?.owner.token);
      won[0]?.release();
    }
  });

  it("leaves no temporary file of a run killed while it wrote one: the next run removes it", async () => {
    const dead = await deadPid();
    const left = `lock.${dead}.${processStartTime(process.pid)}.0badc0de.tmp`;
    const live = `lock.${process.pid}.${processStartTime(process.pid)}.0a1b2c3d.tmp`;
    for (const name of [left, live, "lock.notes.tmp"]) await writeFile(path.join(dir, name), "{}");
    (await acquireLock(file, atOnce)).release();
    // A live run's (this process stands for one) and anything else are left alone.
    expect(readdirSync(dir).sort()).toEqual([live, "lock.notes.tmp"]);
  });

  it("that cannot be read is respected while it may still be being written", async () => {
    await writeFile(file, "");
    await expect(acquireLock(file, atOnce)).rejects.toBeInstanceOf(LockBusyError);
  });

  it("is waited for as long as allowed, then reported with its holder", async () => {
    const held = await acquireLock(file, atOnce);
    const waited: unknown[] = [];
    const started = performance.now();
    const error = await acquireLock(file, {
      purpose: "build",
      waitMs: () => 300,
      pollMs: 20,
      onWait: (owner) => waited.push(owner),
    }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as LockBusyError).owner?.token).toBe(held.owner.token);
    expect(waited).toHaveLength(1);
    held.release();
  });

  it("is taken as soon as its holder releases it", async () => {
    const held = await acquireLock(file, atOnce);
    setTimeout(() => held.release(), 100);
    const next = await acquireLock(file, { purpose: "build", waitMs: () => 5000, pollMs: 20 });
    expect(readLockOwner(file)?.token).toBe(next.owner.token);
    // A holder's late second release does not remove a lock that is no longer its own.
    held.release();
    expect(readLockOwner(file)?.token).toBe(next.owner.token);
    next.release();
  });
});

describe("a stale lock found by several processes at once", () => {
  it("is taken over by exactly one of them", { timeout: 60_000 }, async () => {
    const script = path.join(dir, "contend.mts");
    await writeFile(
      script,
      `import { acquireLock, readLockOwner } from ${JSON.stringify(path.resolve("src/write/lock-file.ts"))};
const file = process.argv[2];
// Every process starts at the same instant, so that their looks at the stale lock interleave.
const startAt = Number(process.argv[3]);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now() - 30)));
while (Date.now() < startAt) {}
try {
  const lock = await acquireLock(file, { purpose: "build", waitMs: () => 0 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const still = readLockOwner(file)?.token === lock.owner.token;
  lock.release();
  process.stdout.write(still ? "won" : "lost");
} catch (error) {
  process.stdout.write(error instanceof Error && error.name === "LockBusyError" ? "busy" : String(error));
}
`,
    );
    await writeFile(
      file,
      `${JSON.stringify({ pid: await deadPid(), host: hostname(), token: "x" })}\n`,
    );
    const startAt = Date.now() + 4000;
    const outcomes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(
              process.execPath,
              ["--import", "tsx", script, file, String(startAt)],
              {
                stdio: ["ignore", "pipe", "inherit"],
              },
            );
            let out = "";
            child.stdout.on("data", (chunk: Buffer) => {
              out += chunk.toString();
            });
            child.on("close", () => resolve(out));
          }),
      ),
    );
    expect(outcomes.sort()).toEqual(["busy", "busy", "busy", "busy", "busy", "won"]);
  });
});

describe("isProcessRunning", () => {
  it("tells a live process from a dead one and from a reused pid", async () => {
    expect(isProcessRunning(process.pid, processStartTime(process.pid))).toBe(true);
    expect(isProcessRunning(process.pid, "1")).toBe(false);
    expect(isProcessRunning(await deadPid())).toBe(false);
    expect(isProcessRunning(0)).toBe(false);
    expect(isProcessRunning(-1)).toBe(false);
  });
});
