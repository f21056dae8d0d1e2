import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { engineVersion } from "../../src/cache/engine-version.js";
import { RecordStore, recordLine } from "../../src/cache/record-store.js";

const files = Array.from(
  { length: 300 },
  (_, i) => `content/articles/2026/${i % 12}/story-"${i}".md`,
);
const recordOf = (i: number) => ({
  value: {
    title: `Story ${i}`,
    tags: ["Water", `t${i % 7}`],
    note: 'a \\ backslash and a "quote"',
  },
  diagnostics: [],
});

async function chunkFiles(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const name of (await readdir(dir)).sort())
    found.set(name, await readFile(path.join(dir, name), "utf8"));
  return found;
}

/** A store folder holding every record of `files`, saved. */
async function savedStore(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-records-"));
  const store = new RecordStore(dir);
  for (const [i, file] of files.entries()) store.set(file, `key-${i}`, recordOf(i));
  store.save();
  return dir;
}

describe("the record store", () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives back each record under its key, and nothing under another key", async () => {
    dir = await savedStore();
    const again = new RecordStore(dir);
    for (const [i, file] of files.entries())
      expect(again.get(file, `key-${i}`)).toEqual(recordOf(i));
    expect(again.get(files[3] as string, "key-4")).toBeUndefined();
    expect(again.get("content/articles/none.md", "key-0")).toBeUndefined();
  });

  it("writes back the lines it never decoded as they were, and forgets deleted files", async () => {
    dir = await savedStore();
    const before = await chunkFiles(dir);
    const lines = new Set([...before.values()].flatMap((text) => text.split("\n")));

    const next = new RecordStore(dir);
    next.set("content/articles/new.md", "key-new", recordOf(1000));
    next.delete(files[7] as string);
    next.save();
    const after = await chunkFiles(dir);
    const changed = [...after].filter(([name, text]) => before.get(name) !== text);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
    for (const [, text] of changed)
      for (const line of text.split("\n"))
        if (!line.includes("new.md")) expect(lines.has(line)).toBe(true);

    const last = new RecordStore(dir);
    expect(last.get(files[7] as string, "key-7")).toBeUndefined();
    expect(last.get("content/articles/new.md", "key-new")).toEqual(recordOf(1000));
    expect(last.get(files[8] as string, "key-8")).toEqual(recordOf(8));
  });

  it("reads records from the files it only read from, and keeps them when it changes a chunk after reading it", async () => {
    dir = await savedStore();
    const before = await chunkFiles(dir);

    const reader = new RecordStore(dir);
    for (const [i, file] of files.entries()) {
      expect(reader.get(file, `key-${i}`)).toEqual(recordOf(i));
      // Not kept: asked again, read again.
      expect(reader.get(file, `key-${i}`)).toEqual(recordOf(i));
    }
    // A chunk it read from, changed: read whole again, none of its other records lost.
    reader.set(files[5] as string, "key-5b", recordOf(5000));
    reader.save();
    const after = await chunkFiles(dir);
    expect([...after].filter(([name, text]) => before.get(name) !== text)).toHaveLength(1);
    const last = new RecordStore(dir);
    for (const [i, file] of files.entries())
      expect(last.get(file, i === 5 ? "key-5b" : `key-${i}`)).toEqual(
        i === 5 ? recordOf(5000) : recordOf(i),
      );
  });

  it("takes a line changed under an index for a missing record, never a wrong one", async () => {
    dir = await savedStore();
    const reader = new RecordStore(dir);
    const file = files[0] as string;
    expect(reader.get(file, "key-0")).toEqual(recordOf(0));
    // Another process rewrites the chunk with the lines in other places.
    const [name, text] = [...(await chunkFiles(dir))].find(([, t]) =>
      t.includes(JSON.stringify(file)),
    ) as [string, string];
    await writeFile(path.join(dir, name), text.replace('{"engine"', ' {"engine"'));
    expect(reader.get(file, "key-0")).toBeUndefined();
  });

  it("takes a damaged line for a missing record and keeps the chunk's others", async () => {
    dir = await savedStore();
    const [name, text] = [...(await chunkFiles(dir))].find(([, t]) => t.split("\n").length > 3) as [
      string,
      string,
    ];
    const lines = text.split("\n");
    const damaged = lines[1] as string;
    lines[1] = `${damaged.slice(0, damaged.indexOf("{"))}{"value":`;
    await writeFile(path.join(dir, name), lines.join("\n"));
    const file = JSON.parse(`${damaged.slice(0, damaged.indexOf('",') + 1)}]`)[0] as string;
    const again = new RecordStore(dir);
    const index = files.indexOf(file);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(again.get(file, `key-${index}`)).toBeUndefined();
    const other = JSON.parse(lines[2] as string)[0] as string;
    expect(again.get(other, `key-${files.indexOf(other)}`)).toEqual(recordOf(files.indexOf(other)));
  });

  it("keeps one folder's records in a few chunks, and removes the chunks of the older layout", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "newsdeck-records-"));
    // A chunk file named by two hex digits, as a store from before records were spread by folder
    // wrote: its records move to this layout's chunks, and the file goes.
    const upgraded = "content/articles/2025/01/from-last-release.md";
    await writeFile(
      path.join(dir, "3f.ndjson"),
      `${JSON.stringify({ engine: engineVersion })}\n${recordLine(upgraded, "key-old", recordOf(9))}\n`,
    );
    const store = new RecordStore(dir);
    expect(store.get(upgraded, "key-old")).toEqual(recordOf(9));
    const month = Array.from({ length: 400 }, (_, i) => `content/articles/2026/05/note-${i}.md`);
    const others = Array.from(
      { length: 400 },
      (_, i) =>
        `content/articles/${2000 + (i % 20)}/${String(1 + (i % 12)).padStart(2, "0")}/n-${i}.md`,
    );
    for (const [i, file] of [...month, ...others].entries())
      store.set(file, `key-${i}`, recordOf(i));
    store.save();
    const chunks = await chunkFiles(dir);
    expect([...chunks.keys()].every((name) => /^[0-9a-f]{3}\.ndjson$/.test(name))).toBe(true);
    const holding = (file: string) =>
      [...chunks].filter(([, text]) => text.includes(JSON.stringify(file))).map(([name]) => name);
    const monthChunks = new Set(month.flatMap(holding));
    expect(month.every((file) => holding(file).length === 1)).toBe(true);
    // 400 stories of one folder in at most 32 chunks, among more than 100 chunks in all.
    expect(monthChunks.size).toBeLessThanOrEqual(32);
    expect(monthChunks.size).toBeGreaterThan(8);
    expect(chunks.size).toBeGreaterThan(100);
    expect(holding(upgraded)).toHaveLength(1);
    const again = new RecordStore(dir);
    for (const [i, file] of [...month, ...others].entries())
      expect(again.get(file, `key-${i}`)).toEqual(recordOf(i));
    expect(again.get(upgraded, "key-old")).toEqual(recordOf(9));
  });
});
