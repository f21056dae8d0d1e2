import { compareKeys, firstField, SortedLines } from "./tsv.js";

/** Where a saved chunk's lines come from when first asked for (the state's chunk folder). */
export type ChunkLoader = (hash: string) => readonly string[];

/**
 * A run of a table's lines, in key order. A chunk read from the state is known by the hash of
 * its text and loads its lines on first use; a chunk a build made has its lines and no hash
 * until it is saved.
 */
export class Chunk {
  /** The key of its first line: chunks are found by binary search over these. */
  readonly first: string;
  readonly count: number;
  #bytes: number;
  #hash: string | undefined;
  #lines: readonly string[] | undefined;
  #load: ChunkLoader | undefined;

  private constructor(
    first: string,
    count: number,
    bytes: number,
    hash: string | undefined,
    lines: readonly string[] | undefined,
    load: ChunkLoader | undefined,
  ) {
    this.first = first;
    this.count = count;
    this.#bytes = bytes;
    this.#hash = hash;
    this.#lines = lines;
    this.#load = load;
  }

  /** A saved chunk, described by the state's head. */
  static saved(first: string, count: number, bytes: number, hash: string, load: ChunkLoader) {
    return new Chunk(first, count, bytes, hash, undefined, load);
  }

  /** A chunk of lines a build made (or read from an older, one-file state). */
  static of(lines: readonly string[]): Chunk {
    let bytes = 0;
    for (const line of lines) bytes += line.length + 1;
    return new Chunk(firstField(lines[0] ?? ""), lines.length, bytes, undefined, lines, undefined);
  }

  /** Bytes of its lines with their line breaks (UTF-16 units until saved, then its file's size). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The hash its file is saved under; undefined until it is saved. */
  get hash(): string | undefined {
    return this.#hash;
  }

  /** Records that its lines are saved under `hash`: they may be let go and loaded again. */
  markSaved(hash: string, bytes: number, load: ChunkLoader): void {
    this.#hash = hash;
    this.#bytes = bytes;
    this.#load = load;
  }

  lines(): readonly string[] {
    if (this.#lines === undefined) this.#lines = (this.#load as ChunkLoader)(this.#hash as string);
    return this.#lines;
  }

  /** Lets go of its lines when they can be loaded again. */
  release(): void {
    if (this.#hash !== undefined && this.#load) this.#lines = undefined;
  }
}

/**
 * Chunks are split when a change makes one larger than twice this: at 100,000 articles the state
 * is about 2,500 chunks, and a look-up loads 64 KiB.
 */
const chunkBytes = 64 * 1024;

/**
 * A table's lines, sorted by key, in chunks: a look-up loads the one chunk its key falls in, and
 * a change replaces the chunks it falls in, so a build that changes ten records of a 100,000-line
 * table reads and writes a few chunks, never the table.
 */
export class ChunkedLines {
  readonly chunks: readonly Chunk[];
  /** The size chunks are made at (tests make them small). */
  readonly #target: number;

  constructor(chunks: readonly Chunk[], target = chunkBytes) {
    this.chunks = chunks;
    this.#target = target;
  }

  /** Lines in chunks of about `target` bytes. */
  static of(lines: readonly string[], target = chunkBytes): ChunkedLines {
    return new ChunkedLines(split(lines, target), target);
  }

  get size(): number {
    let count = 0;
    for (const chunk of this.chunks) count += chunk.count;
    return count;
  }

  /** The line for `key`, or undefined. */
  get(key: string): string | undefined {
    const chunk = this.chunks[this.#chunkOf(key)];
    return chunk && new SortedLines(chunk.lines()).get(key);
  }

  /** Lines whose keys are greater than `after`, in order. */
  *linesAfter(after: string): Generator<string> {
    for (let c = this.#chunkOf(after); c < this.chunks.length; c++) {
      const lines = (this.chunks[c] as Chunk).lines();
      let low = 0;
      let high = lines.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (compareKeys(firstField(lines[mid] as string), after) <= 0) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < lines.length; i++) yield lines[i] as string;
    }
  }

  /** Every line, in order: loads every chunk. */
  *all(): Generator<string> {
    for (const chunk of this.chunks) yield* chunk.lines();
  }

  /**
   * The table with `changes` applied (a line replaces the one with its key, `undefined` removes
   * it, new keys are inserted in order): only the chunks a change falls in are loaded and made
   * anew; the others are kept as they are.
   */
  merge(changes: ReadonlyMap<string, string | undefined>): ChunkedLines {
    if (changes.size === 0) return this;
    if (this.chunks.length === 0) {
      const lines: string[] = [];
      for (const key of [...changes.keys()].sort(compareKeys)) {
        const line = changes.get(key);
        if (line !== undefined) lines.push(line);
      }
      return ChunkedLines.of(lines, this.#target);
    }
    const byChunk = new Map<number, Map<string, string | undefined>>();
    for (const [key, line] of changes) {
      const c = this.#chunkOf(key);
      const some = byChunk.get(c) ?? new Map<string, string | undefined>();
      byChunk.set(c, some);
      some.set(key, line);
    }
    const chunks: Chunk[] = [];
    this.chunks.forEach((chunk, c) => {
      const some = byChunk.get(c);
      if (!some) chunks.push(chunk);
      else {
        const merged = new SortedLines(chunk.lines()).merge(some).lines;
        for (const made of split(merged, this.#target)) chunks.push(made);
      }
    });
    return new ChunkedLines(chunks, this.#target);
  }

  /** Lets go of every saved chunk's lines. */
  release(): void {
    for (const chunk of this.chunks) chunk.release();
  }

  /** The chunk a key belongs in: the last whose first key is not after it (else the first). */
  #chunkOf(key: string): number {
    let low = 1;
    let high = this.chunks.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (compareKeys((this.chunks[mid] as Chunk).first, key) <= 0) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }
}

/** Lines in chunks of about `target` bytes (none for no lines; one when they are small). */
function split(lines: readonly string[], target: number): Chunk[] {
  if (lines.length === 0) return [];
  let bytes = 0;
  for (const line of lines) bytes += line.length + 1;
  if (bytes <= 2 * target) return [Chunk.of(lines)];
  const parts = Math.ceil(bytes / target);
  const each = bytes / parts;
  const chunks: Chunk[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += (lines[i] as string).length + 1;
    if (size >= each && chunks.length < parts - 1) {
      chunks.push(Chunk.of(lines.slice(start, i + 1)));
      start = i + 1;
      size = 0;
    }
  }
  if (start < lines.length) chunks.push(Chunk.of(lines.slice(start)));
  return chunks;
}
