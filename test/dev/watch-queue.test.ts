import { describe, expect, it } from "vitest";
import { type ChangeBatch, createWatchQueue } from "../../src/dev/watch-queue.js";
import { pollUntil } from "./dev-harness.js";

/** A run function whose builds finish only when the test says so. */
function controlledBuilds() {
  const batches: ChangeBatch[] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  return {
    batches,
    get maxRunning() {
      return maxRunning;
    },
    run: (batch: ChangeBatch) => {
      batches.push(batch);
      running++;
      maxRunning = Math.max(maxRunning, running);
      return new Promise<void>((resolve) => {
        finishers.push(() => {
          running--;
          resolve();
        });
      });
    },
    finishNext: async () => {
      await pollUntil(async () => finishers.length > 0, "a running build", 5_000);
      finishers.shift()?.();
    },
  };
}

describe("the watch queue", () => {
  it("merges changes made within the debounce window into one build", async () => {
    const builds = controlledBuilds();
    const queue = createWatchQueue({ debounceMs: 30, run: builds.run });
    queue.add("content/a.md", "change");
    queue.add("content/b.md", "add");
    queue.add("content/a.md", "unlink");
    await builds.finishNext();
    await queue.settled();
    expect(builds.batches).toHaveLength(1);
    expect([...(builds.batches[0] ?? [])]).toEqual([
      ["content/b.md", "add"],
      ["content/a.md", "unlink"],
    ]);
    await queue.close();
  });

  it("builds a change after a pause once its save settles, and waits out the debounce for saves in a row", async () => {
    const builds = controlledBuilds();
    const queue = createWatchQueue({ debounceMs: 2_000, settleMs: 10, run: builds.run });
    const started = performance.now();
    queue.add("content/a.md", "change");
    queue.add("content/a.md", "change");
    await pollUntil(async () => builds.batches.length === 1, "the first build");
    // Far sooner than the debounce: the change came after a pause.
    expect(performance.now() - started).toBeLessThan(1_500);
    await builds.finishNext();
    await queue.settled();
    // A save right after that build is one of a row: it waits for the debounce.
    const again = performance.now();
    queue.add("content/a.md", "change");
    await pollUntil(async () => builds.batches.length === 2, "the second build", 10_000);
    expect(performance.now() - again).toBeGreaterThanOrEqual(1_900);
    await builds.finishNext();
    await queue.settled();
    expect(builds.batches.map((batch) => [...batch.keys()])).toEqual([
      ["content/a.md"],
      ["content/a.md"],
    ]);
    await queue.close();
  });

  it("runs exactly one more build for any number of changes during a build, never two at once", async () => {
    const builds = controlledBuilds();
    const queue = createWatchQueue({ debounceMs: 10, run: builds.run });
    queue.add("content/a.md", "change");
    await pollUntil(async () => builds.batches.length === 1, "the first build");
    for (let i = 0; i < 20; i++) queue.add(`content/${i}.md`, "change");
    queue.add("content/a.md", "change");
    await builds.finishNext();
    await pollUntil(async () => builds.batches.length === 2, "the follow-up build");
    await builds.finishNext();
    await queue.settled();
    expect(builds.batches).toHaveLength(2);
    expect(builds.batches[1]?.size).toBe(21);
    expect(builds.maxRunning).toBe(1);
    await queue.close();
  });

  it("keeps going after a build rejects", async () => {
    const seen: string[] = [];
    const queue = createWatchQueue({
      debounceMs: 5,
      run: async (batch) => {
        seen.push(...batch.keys());
        if (seen.length === 1) throw new Error("the build crashed");
      },
    });
    queue.add("content/a.md", "change");
    await pollUntil(async () => seen.length === 1, "the failing build");
    await queue.settled();
    queue.add("content/b.md", "change");
    await pollUntil(async () => seen.length === 2, "the next build");
    expect(seen).toEqual(["content/a.md", "content/b.md"]);
    await queue.close();
  });

  it("waits for the running build on close and starts no other", async () => {
    const builds = controlledBuilds();
    const queue = createWatchQueue({ debounceMs: 5, run: builds.run });
    queue.add("content/a.md", "change");
    await pollUntil(async () => builds.batches.length === 1, "the build");
    queue.add("content/b.md", "change");
    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    expect(closed).toBe(false);
    await builds.finishNext();
    await closing;
    queue.add("content/c.md", "change");
    await queue.settled();
    expect(builds.batches).toHaveLength(1);
  });
});
