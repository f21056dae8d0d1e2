import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { WrittenFile } from "../../src/write/output-writer.js";
import { createDryRunWriter, createOutputWriter } from "../../src/write/output-writer.js";
import { tempFolders } from "../helpers/temp-folders.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Pieces that are only read once, as a generator's are; non-ASCII text crosses piece ends. */
function* pieces(count: number, word: string): Generator<string> {
  for (let i = 0; i < count; i++) yield `${i} ${word} naïve café — “quoted”\n`;
}
const whole = (count: number, word: string) => [...pieces(count, word)].join("");

/** One build's writer into `dist`, which commits in place once a previous build is known. */
async function writeOnce(
  dist: string,
  word: string,
  previous?: ReadonlyMap<string, WrittenFile>,
): Promise<ReadonlyMap<string, WrittenFile>> {
  const writer = await createOutputWriter(
    dist,
    previous && { get: (file) => previous.get(file), keys: () => previous.keys() },
    dist,
    { incremental: previous !== undefined, threads: 0 },
  );
  await writer.write({ path: ".newsdeck/manifest.json", pieces: pieces(3000, word) });
  const written = new Map(await writer.writtenFiles());
  await writer.finish();
  await writer.commit();
  return written;
}

describe("a file written in pieces", () => {
  const temp = tempFolders();
  it("holds the pieces' text, with the hash and size of the whole", async () => {
    const dist = path.join(await temp("newsdeck-pieces-"), "dist");
    const written = await writeOnce(dist, "first");
    const text = await readFile(path.join(dist, ".newsdeck/manifest.json"), "utf8");
    expect(text).toBe(whole(3000, "first"));
    expect(written.get(".newsdeck/manifest.json")).toEqual({
      hash: sha256(text),
      size: Buffer.byteLength(text),
    });
  });

  it("is left untouched in place when its bytes are unchanged, and replaced when they changed", async () => {
    const dist = path.join(await temp("newsdeck-pieces-"), "dist");
    const file = path.join(dist, ".newsdeck/manifest.json");
    const first = await writeOnce(dist, "first");
    const before = await stat(file);

    const again = await writeOnce(dist, "first", first);
    expect(again).toEqual(first);
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);

    const changed = await writeOnce(dist, "second", first);
    expect(await readFile(file, "utf8")).toBe(whole(3000, "second"));
    expect(changed.get(".newsdeck/manifest.json")?.hash).toBe(sha256(whole(3000, "second")));
  });

  it("is hashed without being written by a check", async () => {
    const writer = createDryRunWriter();
    await writer.write({ path: "m.json", pieces: pieces(10, "check") });
    expect((await writer.writtenFiles()).get("m.json")).toEqual({
      hash: sha256(whole(10, "check")),
      size: Buffer.byteLength(whole(10, "check")),
    });
  });
});
