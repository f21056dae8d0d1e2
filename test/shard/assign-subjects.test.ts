import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignSubjects, type WeightedSubject } from "../../src/shard/assign-subjects.js";
import { parseShardSpec } from "../../src/shard/shard-spec.js";
import { roundSize } from "../../src/shard/subject-weight.js";

const subjects = fc.uniqueArray(
  fc.record({
    key: fc.string({ minLength: 1, maxLength: 20 }),
    weight: fc.integer({ min: 0, max: 50_000 }),
  }),
  { selector: (subject) => subject.key, minLength: 1, maxLength: 300 },
);

/** The weight each shard got. */
function loads(list: readonly WeightedSubject[], shards: Map<string, number>, count: number) {
  const load = Array.from({ length: count }, () => 0);
  for (const subject of list) {
    const at = (shards.get(subject.key) as number) - 1;
    load[at] = (load[at] ?? 0) + subject.weight;
  }
  return load;
}

describe("assigning subjects to shards", () => {
  it("gives every subject one shard from 1 to N, whatever order the subjects come in", () => {
    fc.assert(
      fc.property(subjects, fc.integer({ min: 1, max: 8 }), (list, count) => {
        const shards = assignSubjects(list, count);
        expect(shards.size).toBe(list.length);
        for (const shard of shards.values()) expect(shard).toBeGreaterThanOrEqual(1);
        for (const shard of shards.values()) expect(shard).toBeLessThanOrEqual(count);
        expect(assignSubjects([...list].reverse(), count)).toEqual(shards);
      }),
    );
  });

  it("balances by weight: no shard is over its share by more than one subject's weight", () => {
    fc.assert(
      fc.property(subjects, fc.integer({ min: 1, max: 8 }), (list, count) => {
        const total = list.reduce((sum, subject) => sum + subject.weight, 0);
        const heaviest = Math.max(...list.map((subject) => subject.weight));
        for (const load of loads(list, assignSubjects(list, count), count))
          expect(load).toBeLessThanOrEqual(total / count + heaviest);
      }),
    );
  });

  it("moves only about the new subject's weight across each cut when a subject comes", () => {
    fc.assert(
      fc.property(
        subjects,
        fc.record({
          key: fc.string({ minLength: 21, maxLength: 30 }),
          weight: fc.integer({ min: 0, max: 50_000 }),
        }),
        fc.integer({ min: 1, max: 8 }),
        (list, added, count) => {
          const before = assignSubjects(list, count);
          const after = assignSubjects([...list, added], count);
          const heaviest = Math.max(...list.map((subject) => subject.weight));
          const moved = list
            .filter((subject) => before.get(subject.key) !== after.get(subject.key))
            .reduce((sum, subject) => sum + subject.weight, 0);
          expect(moved).toBeLessThanOrEqual((count - 1) * (added.weight + 2 * heaviest));
        },
      ),
    );
  });

  it("moves no more than a few of 5,000 like articles when one is added", () => {
    const list = Array.from({ length: 5000 }, (_, i) => ({ key: `a${i}`, weight: 7000 + (i % 9) }));
    const before = assignSubjects(list, 4);
    const after = assignSubjects([...list, { key: "new", weight: 7000 }], 4);
    const moved = list.filter((subject) => before.get(subject.key) !== after.get(subject.key));
    expect(moved.length).toBeLessThanOrEqual(3);
  });

  it("splits 10,000 articles of like weight into shards within 1% of each other", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => ({
      key: `article:content/articles/2026/${i}.md`,
      weight: 2300 + roundSize(4000 + ((i * 7919) % 3000)),
    }));
    const load = loads(list, assignSubjects(list, 4), 4);
    expect(Math.max(...load) / Math.min(...load)).toBeLessThan(1.01);
  });
});

describe("sizes as weights", () => {
  it("round to within a quarter of the size, keep order, and let small edits keep the weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 50_000_000 }), (bytes) => {
        const rounded = roundSize(bytes);
        expect(rounded).toBeLessThanOrEqual(bytes);
        expect(rounded).toBeGreaterThan(bytes * 0.75);
        expect(roundSize(bytes + 1)).toBeGreaterThanOrEqual(rounded);
      }),
    );
    expect(roundSize(5000)).toBe(roundSize(5100));
  });
});

describe("--shard K/N", () => {
  it.each([
    ["2/4", { index: 2, count: 4 }],
    ["1/1", { index: 1, count: 1 }],
    [" 256/256 ", { index: 256, count: 256 }],
  ])("reads %s", (text, spec) => {
    expect(parseShardSpec(text)).toEqual(spec);
  });

  it.each(["0/4", "5/4", "2", "2/0", "a/b", "1/257", "-1/4", "2/4/8"])(
    "refuses %s with a hint",
    (text) => {
      expect(parseShardSpec(text)).toEqual({
        error: expect.stringMatching(/hint: --shard K\/N/),
      });
    },
  );
});
