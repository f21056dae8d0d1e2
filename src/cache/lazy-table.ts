import { compareKeys, escapeField, firstField, SortedLines, unescapeField } from "./tsv.js";

/** How a table turns its values into the rest of a line and back. */
export interface TableCodec<V> {
  encode(value: V): string;
  decode(rest: string): V;
}

/**
 * A table of the build state, keyed by a string, read lazily: its lines stay text until a key is
 * asked for, so a build that touches ten records of a 100,000-record table decodes ten.
 * Changes are kept apart and merged into the lines when the table is saved; unchanged lines are
 * written back as the very strings that were read.
 */
export class LazyTable<V> {
  #lines: SortedLines;
  readonly #codec: TableCodec<V>;
  readonly #decoded = new Map<string, V | undefined>();
  readonly #changed = new Map<string, V | undefined>();

  constructor(lines: readonly string[], codec: TableCodec<V>) {
    this.#lines = new SortedLines(lines);
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

  /** Forgets decoded values (not changes): they decode again from their lines when asked for. */
  release(): void {
    this.#decoded.clear();
  }

  /** Whether anything was set since the table was read or last saved. */
  get dirty(): boolean {
    return this.#changed.size > 0;
  }

  /** Every key, in order (reads no values). */
  *keys(): Generator<string> {
    const merged = this.#merged();
    for (const line of merged.lines) yield firstField(line);
  }

  /** Keys greater than `after`, in order, found by binary search (reads no values). */
  *keysAfter(after: string): Generator<string> {
    const lines = this.#merged().lines;
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(firstField(lines[mid] as string), after) <= 0) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < lines.length; i++) yield firstField(lines[i] as string);
  }

  /** Every entry, in key order, decoding each line: for whole-site work only. */
  *entries(): Generator<[string, V]> {
    for (const key of this.keys()) {
      const value = this.get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  /** The number of entries. */
  get size(): number {
    return this.#merged().lines.length;
  }

  /** The table's lines with every change merged in. */
  lines(): readonly string[] {
    return this.#merged().lines;
  }

  #merged(): SortedLines {
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
