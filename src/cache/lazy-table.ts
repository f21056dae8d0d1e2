import type { ChunkedLines } from "./chunked-lines.js";
import { escapeField, firstField, unescapeField } from "./tsv.js";

/** How a table turns its values into the rest of a line and back. */
export interface TableCodec<V> {
  encode(value: V): string;
  decode(rest: string): V;
}

/**
 * A table of the build state, keyed by a string, read lazily: its lines stay text until a key is
 * asked for, so a build that touches ten records of a 100,000-record table decodes ten, and its
 * chunks stay on disk until a key in them is asked for. Changes are kept apart and merged into
 * the lines when the table is saved; unchanged chunks are kept as they were read.
 */
export class LazyTable<V> {
  #lines: ChunkedLines;
  readonly #codec: TableCodec<V>;
  readonly #decoded = new Map<string, V | undefined>();
  readonly #changed = new Map<string, V | undefined>();

  constructor(lines: ChunkedLines, codec: TableCodec<V>) {
    this.#lines = lines;
    this.#codec = codec;
  }

  /** The value for `key`, or undefined. */
  get(key: string): V | undefined {
    if (this.#changed.has(key)) return this.#changed.get(key);
    if (this.#decoded.has(key)) return this.#decoded.get(key);
    const line = this.#lines.get(key);
    const value = line === undefined ? undefined : this.#codec.decode(restOf(line));
    this.#decoded.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets (or with undefined, deletes) the value for `key`. */
  set(key: string, value: V | undefined): void {
    this.#changed.set(key, value);
  }

  /**
   * Remembers the table as it is; the function returned puts it back (a failed build undoes its
   * changes to a state a session keeps). Merged lines are never changed in place, so this is
   * cheap.
   */
  checkpoint(): () => void {
    const lines = this.#lines;
    const changed = new Map(this.#changed);
    return () => {
      this.#lines = lines;
      this.#changed.clear();
      for (const [key, value] of changed) this.#changed.set(key, value);
      this.#decoded.clear();
    };
  }

  /**
   * Forgets decoded values (not changes) and the lines of saved chunks: they load and decode again
   * when asked for. With `keepDecoded`, only the lines go: for a phase that asks for the same
   * entries again and again (pages and the model's articles), so that a chunk is loaded only for
   * entries not decoded yet.
   */
  release(keepDecoded = false): void {
    if (!keepDecoded) this.#decoded.clear();
    this.#lines.release();
  }

  /** Whether anything was set since the table was read or last saved. */
  get dirty(): boolean {
    return this.#changed.size > 0;
  }

  /** Every key, in order (decodes no values, loads every chunk). */
  *keys(): Generator<string> {
    for (const line of this.#merged().all()) yield firstField(line);
  }

  /** Keys greater than `after`, in order, found by binary search (decodes no values). */
  *keysAfter(after: string): Generator<string> {
    for (const line of this.#merged().linesAfter(after)) yield firstField(line);
  }

  /**
   * Entries with keys greater than `after`, in order, decoded as they are reached and not kept
   * (a scan of every file walks the table beside its sorted listing instead of looking up each).
   */
  *entriesAfter(after: string): Generator<[string, V]> {
    for (const line of this.#merged().linesAfter(after)) {
      const key = firstField(line);
      yield [key, this.#codec.decode(restOf(line))];
    }
  }

  /** Every entry, in key order, decoding each line (decoded values are kept): whole-site work. */
  *entries(): Generator<[string, V]> {
    for (const line of this.#merged().all()) {
      const key = firstField(line);
      let value = this.#decoded.get(key);
      if (value === undefined) {
        value = this.#codec.decode(restOf(line));
        this.#decoded.set(key, value);
      }
      yield [key, value];
    }
  }

  /** The number of entries (loads no chunk). */
  get size(): number {
    return this.#merged().size;
  }

  /** The table's lines with every change merged in, in order: loads every chunk. */
  lines(): Iterable<string> {
    return this.#merged().all();
  }

  /** The table's chunks with every change merged in (to save them). */
  chunks(): ChunkedLines {
    return this.#merged();
  }

  #merged(): ChunkedLines {
    if (this.#changed.size === 0) return this.#lines;
    const lines = new Map<string, string | undefined>();
    for (const [key, value] of this.#changed) {
      lines.set(
        key,
        value === undefined ? undefined : `${escapeField(key)}\t${this.#codec.encode(value)}`,
      );
      this.#decoded.set(key, value);
    }
    this.#changed.clear();
    this.#lines = this.#lines.merge(lines);
    return this.#lines;
  }
}

function restOf(line: string): string {
  const tab = line.indexOf("\t");
  return tab === -1 ? "" : line.slice(tab + 1);
}

/** A codec for values stored as JSON. */
export function jsonCodec<V>(): TableCodec<V> {
  return { encode: (value) => JSON.stringify(value), decode: (rest) => JSON.parse(rest) as V };
}

/** A codec for plain string values (escaped). */
export const textCodec: TableCodec<string> = {
  encode: (value) => escapeField(value),
  decode: (rest) => unescapeField(rest),
};

/** A codec for one number. */
export const numberCodec: TableCodec<number> = {
  encode: (value) => String(value),
  decode: (rest) => Number(rest),
};

/** A codec for lists of numbers (ids), comma-separated. */
export const idsCodec: TableCodec<number[]> = {
  encode: (ids) => ids.join(","),
  decode: (rest) => (rest === "" ? [] : rest.split(",").map(Number)),
};

/** A numeric id as a table key whose string order is its numeric order. */
export function idKey(id: number): string {
  return id.toString(36).padStart(8, "0");
}
