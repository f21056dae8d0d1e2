/**
 * Tab-separated fields for the build state's tables: one record per line, so that a table of
 * 100,000 records is read as lines and only the records a build touches are ever split.
 * Backslash, tab and line breaks are escaped; everything else is verbatim. Structured values
 * are stored as JSON, which never holds a raw tab or line break.
 */

const special = /[\\\t\n\r]/;

/** Escapes one field so that it holds no tab or line break. */
export function escapeField(value: string): string {
  if (!special.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** Reverses {@link escapeField}. */
export function unescapeField(field: string): string {
  if (!field.includes("\\")) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c,
  );
}

/** The first field of a line, unescaped: the key tables are sorted and searched by. */
export function firstField(line: string): string {
  const tab = line.indexOf("\t");
  return unescapeField(tab === -1 ? line : line.slice(0, tab));
}

/** Code-point order, the order every table is kept in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lines sorted by their first field, searched without building a map: a table of 100,000
 * records costs a binary search per look-up instead of 100,000 strings and a hash table.
 */
export class SortedLines {
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    this.lines = lines;
  }

  /** Index of the line whose key is `key`, or -1. */
  indexOf(key: string): number {
    let low = 0;
    let high = this.lines.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = compareKeys(firstField(this.lines[mid] as string), key);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The line for `key`, or undefined. */
  get(key: string): string | undefined {
    const index = this.indexOf(key);
    return index === -1 ? undefined : this.lines[index];
  }

  /**
   * The table with `changes` applied: a line replaces the one with its key, `undefined` removes
   * it, new keys are inserted in order. Unchanged lines are kept as the same strings.
   */
  merge(changes: ReadonlyMap<string, string | undefined>): SortedLines {
    if (changes.size === 0) return this;
    const keys = [...changes.keys()].sort(compareKeys);
    const merged: string[] = [];
    let k = 0;
    for (const line of this.lines) {
      const key = firstField(line);
      while (k < keys.length && compareKeys(keys[k] as string, key) < 0) {
        const added = changes.get(keys[k] as string);
        if (added !== undefined) merged.push(added);
        k++;
      }
      if (k < keys.length && keys[k] === key) {
        const replaced = changes.get(key);
        if (replaced !== undefined) merged.push(replaced);
        k++;
      } else merged.push(line);
    }
    for (; k < keys.length; k++) {
      const added = changes.get(keys[k] as string);
      if (added !== undefined) merged.push(added);
    }
    return new SortedLines(merged);
  }
}
