import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BuildState, type OutputRecord } from "../../src/cache/build-state.js";

const meta = {
  validation: "v",
  global: "g",
  now: 1,
  savedAt: 1,
  nextId: 1,
  outDir: "/out",
  root: "/root",
  placement: "p",
};

const output = (i: number, round: number): OutputRecord => ({
  hash: `${round}`.padStart(64, "0"),
  size: i * 10 + round,
  subject: `article:${i}`,
  templates: i % 3,
});

/** Two rounds of changes as a first build makes them: many new outputs, then some changed, some gone. */
function change(state: BuildState, round: number): void {
  const outputs = state.tables.outputs;
  if (round === 0) for (let i = 0; i < 3000; i++) outputs.set(`a/${i}/index.html`, output(i, 0));
  else
    for (let i = 0; i < 3000; i += 7)
      outputs.set(`a/${i}/index.html`, i % 2 === 0 ? undefined : output(i, round));
  state.tables.ids.set(`content/${round}.md`, round);
}

async function tableLines(file: string): Promise<Record<string, string[]>> {
  const read = BuildState.read(file);
  expect(read.ignored).toBeUndefined();
  return {
    outputs: [...read.tables.outputs.lines()],
    ids: [...read.tables.ids.lines()],
  };
}

describe("a build state let go of in the middle of a build", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("saves its chunks early, reads them back, and commits what a state kept whole commits", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-state-release-"));
    dirs.push(dir);
    const kept = path.join(dir, "kept", "build.tsv");
    const released = path.join(dir, "released", "build.tsv");

    const whole = BuildState.empty();
    change(whole, 0);
    change(whole, 1);
    whole.commit(whole.write(kept, meta), kept);

    const state = BuildState.empty();
    change(state, 0);
    state.release(released);
    // Its lines are in chunk files now, and come back when asked for.
    expect((await readdir(path.join(dir, "released", "build.chunks"))).length).toBeGreaterThan(1);
    expect(state.tables.outputs.get("a/12/index.html")).toEqual(output(12, 0));
    expect(state.tables.outputs.size).toBe(3000);
    change(state, 1);
    state.release(released);
    expect(state.tables.outputs.get("a/7/index.html")).toEqual(output(7, 1));
    expect(state.tables.outputs.get("a/14/index.html")).toBeUndefined();
    state.commit(state.write(released, meta), released);

    expect(await tableLines(released)).toEqual(await tableLines(kept));
    // The chunks the first save made and the second replaced are gone with the commit.
    const head = await readFile(released, "utf8");
    for (const name of await readdir(path.join(dir, "released", "build.chunks")))
      expect(head).toContain(name.slice(0, -".tsv".length));
    expect(existsSync(path.join(dir, "released", "build.tsv"))).toBe(true);
  });
});
