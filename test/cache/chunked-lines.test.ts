import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Chunk, ChunkedLines } from "../../src/cache/chunked-lines.js";
import { compareKeys, escapeField, firstField } from "../../src/cache/tsv.js";

const key = fc.stringMatching(/^[a-e\t]{0,3}$/);
const batch = fc.array(fc.tuple(key, fc.option(fc.stringMatching(/^[a-z]{0,12}$/))), {
  maxLength: 12,
});

/** A line of a table: the escaped key, a tab, the value. */
const line = (k: string, value: string) => `${escapeField(k)}\t${value}`;

/**
 * A table of lines in chunks of a few dozen bytes, changed batch by batch, saved (its chunks
 * known by a name and loaded again only when asked for) and released between batches, gives
 * what a plain sorted map of the same lines gives.
 */
describe("a table's lines in chunks", () => {
  it("look up, list and merge as one sorted table, loading only the chunk a key is in", () => {
    fc.assert(
      fc.property(
        fc.array(batch, { maxLength: 8 }),
        fc.array(key, { maxLength: 10 }),
        (batches, probes) => {
          const store = new Map<string, readonly string[]>();
          let loads = 0;
          const load = (name: string) => {
            loads++;
            return store.get(name) as readonly string[];
          };
          const reference = new Map<string, string>();
          let table = ChunkedLines.of([], 40);
          let saved = 0;
          for (const changes of batches) {
            const lines = new Map<string, string | undefined>();
            for (const [k, value] of changes) {
              const text = value === null ? undefined : line(k, value);
              lines.set(k, text);
              if (text === undefined) reference.delete(k);
              else reference.set(k, text);
            }
            table = table.merge(lines);
            // Saved and released: every chunk not yet saved gets a name, and lets go of its lines.
            for (const chunk of table.chunks) {
              if (chunk.hash !== undefined) continue;
              const name = `chunk-${saved++}`;
              store.set(name, chunk.lines());
              chunk.markSaved(name, chunk.bytes, load);
            }
            table.release();

            const expected = [...reference.keys()].sort(compareKeys).map((k) => reference.get(k));
            for (const probe of probes) {
              loads = 0;
              expect(table.get(probe)).toBe(reference.get(probe));
              expect(loads).toBeLessThanOrEqual(1);
              expect([...table.linesAfter(probe)]).toEqual(
                [...reference.keys()]
                  .filter((k) => compareKeys(k, probe) > 0)
                  .sort(compareKeys)
                  .map((k) => reference.get(k)),
              );
            }
            expect([...table.all()]).toEqual(expected);
            expect(table.size).toBe(reference.size);
            expectWellFormed(table.chunks);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("split a large table into chunks near the size asked for, and keep unchanged chunks", () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      line(`k${String(i).padStart(4, "0")}`, "x".repeat(20)),
    );
    const table = ChunkedLines.of(lines, 1024);
    expect(table.chunks.length).toBeGreaterThan(20);
    for (const chunk of table.chunks) expect(chunk.bytes).toBeLessThanOrEqual(2 * 1024 + 30);
    const changed = table.merge(new Map([["k0500", line("k0500", "y")]]));
    const kept = changed.chunks.filter((chunk) => table.chunks.includes(chunk));
    expect(kept.length).toBe(table.chunks.length - 1);
    expect([...changed.all()]).toEqual(
      lines.map((l) => (firstField(l) === "k0500" ? line("k0500", "y") : l)),
    );
  });
});

function expectWellFormed(chunks: readonly Chunk[]): void {
  let last: string | undefined;
  for (const chunk of chunks) {
    const lines = chunk.lines();
    expect(lines.length).toBe(chunk.count);
    expect(lines.length).toBeGreaterThan(0);
    expect(firstField(lines[0] as string)).toBe(chunk.first);
    for (const l of lines) {
      const k = firstField(l);
      if (last !== undefined) expect(compareKeys(last, k)).toBeLessThan(0);
      last = k;
    }
  }
}
