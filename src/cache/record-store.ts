import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
} from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../errors/diagnostic.js";
import { removeDeadTemporaries } from "../files/remove-dead-temporaries.js";
import { writeFileAtomically } from "../files/write-file-atomically.js";
import { engineVersion } from "./engine-version.js";

/** What validating one content file produced: the typed value when usable, and its problems. */
export interface SourceRecord<T = unknown> {
  readonly value?: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Chunk files: 4,096, named by three hex digits. A folder's records are spread over
 * {@link folderSpread} neighbouring chunks, so a site of 100,000 articles filed by month keeps
 * some 30 records per chunk and a month's records in 32 chunks.
 */
const chunkCount = 4096;
/** The chunks one folder's records are spread over. */
const folderSpread = 32;

/**
 * Validated front matter of every content file, in `<cacheDir>/records/`: what a page showing an
 * article (its own, a listing's card, a feed item) reads, and what lets a build skip validating a
 * file whose bytes it has seen. Records are spread over chunk files by a hash of the file's
 * folder and of its name: files of one folder (newsrooms file stories by month) share a few
 * chunks, so re-indexing a month for search, or rendering a listing of recent stories, reads a
 * few chunks rather than the archive, a first build's periodic saves rewrite the chunks of the
 * folders it has just read, and a build that changes one article rewrites one chunk.
 *
 * A record is found by file and key (the key covers the file's bytes and everything validation
 * reads), so a chunk from another build, or one left by an interrupted save, can only miss,
 * never give a wrong record. Each chunk's first line names the engine version; a chunk that
 * does not parse is treated as empty, and a record line that does not, or whose checksum does
 * not match it (cut short or changed in place, in a damaged restored cache), as missing: never
 * wrong. A page that needs a missing record validates its file again (`plan/record-reader.ts`),
 * and a build that cannot builds everything. Lines are decoded, and checked, when their record
 * is first asked for. A chunk only read from is kept as an index of where its lines are, and
 * its records are read from the file each time (a few microseconds): the store's memory is
 * the chunks a build changes, not every record its pages showed.
 */
export class RecordStore {
  readonly #dir: string;
  /** Chunks this build changed or will change, whole; other chunks read so far, as indexes. */
  readonly #chunks = new Map<number, Map<string, StoredRecord> | ChunkIndex>();
  readonly #dirty = new Set<number>();
  /** Writes nothing: a check's store. */
  readonly #readOnly: boolean;
  /** Chunk files of the older layout, once their records are in this layout's chunks. */
  #older: string[] | undefined;

  constructor(dir: string, options: { readonly readOnly?: boolean } = {}) {
    this.#dir = dir;
    this.#readOnly = options.readOnly ?? false;
  }

  /** The record of `file` when it was stored under `key`. */
  get<T>(file: string, key: string): SourceRecord<T> | undefined {
    if (!this.#older) this.#upgrade();
    const number = chunkOf(file);
    const chunk = this.#chunks.get(number) ?? this.#index(number);
    if (chunk instanceof ChunkIndex) {
      // Read from the file each time, not kept: pages ask for records all over the archive,
      // and holding every chunk read would hold the whole store (140 MB at 100,000 stories).
      const found = chunk.read(file);
      return found?.[0] === key ? (found[1] as SourceRecord<T>) : undefined;
    }
    let found = chunk.get(file);
    if (typeof found === "string") {
      // Decoded on first use: a build that shows a month's stories reads every chunk, and
      // needs only those stories' records.
      found = decodeLine(found);
      if (found) chunk.set(file, found);
      else chunk.delete(file);
    }
    return found && found[0] === key ? (found[1] as SourceRecord<T>) : undefined;
  }

  /** Stores the record of `file` under `key`. */
  set(file: string, key: string, record: SourceRecord): void {
    const chunk = chunkOf(file);
    this.#whole(chunk).set(file, [key, record]);
    this.#dirty.add(chunk);
  }

  /** Forgets the record of a file that is gone. */
  delete(file: string): void {
    const chunk = chunkOf(file);
    if (this.#whole(chunk).delete(file)) this.#dirty.add(chunk);
  }

  /** Writes every changed chunk (each atomically: a temporary file renamed into place). */
  save(): void {
    if (this.#readOnly || (this.#dirty.size === 0 && !this.#older?.length)) return;
    // Chunks a build killed before renaming them into place left beside them.
    removeDeadTemporaries(this.#dir, "", /^[0-9a-f]{2,3}\.ndjson\.(\d+)-[0-9a-f-]{36}\.tmp$/);
    for (const chunk of [...this.#dirty].sort((a, b) => a - b)) {
      const records = this.#chunks.get(chunk) as Map<string, StoredRecord>;
      const file = this.#file(chunk);
      if (records.size === 0) {
        rmSync(file, { force: true });
        continue;
      }
      mkdirSync(this.#dir, { recursive: true });
      const lines = [JSON.stringify({ engine: engineVersion })];
      for (const name of [...records.keys()].sort()) {
        const stored = records.get(name) as StoredRecord;
        // A line never decoded is written back as it was read.
        lines.push(typeof stored === "string" ? stored : recordLine(name, ...stored));
      }
      writeFileAtomically(file, `${lines.join("\n")}\n`);
    }
    this.#dirty.clear();
    // Their records are in the chunks just written.
    for (const name of this.#older ?? []) rmSync(path.join(this.#dir, name), { force: true });
    if (this.#older) this.#older = [];
  }

  /** Forgets the chunks read so far (they are read again when asked for). */
  release(): void {
    for (const chunk of [...this.#chunks.keys()])
      if (!this.#dirty.has(chunk)) this.#chunks.delete(chunk);
  }

  /** A chunk whole, to change it: read again with its lines when only its index was kept. */
  #whole(chunk: number): Map<string, StoredRecord> {
    if (!this.#older) this.#upgrade();
    let records = this.#chunks.get(chunk);
    if (!records || records instanceof ChunkIndex) {
      records = readChunk(this.#file(chunk));
      this.#chunks.set(chunk, records);
    }
    return records;
  }

  #index(chunk: number): ChunkIndex {
    const index = ChunkIndex.read(this.#file(chunk));
    this.#chunks.set(chunk, index);
    return index;
  }

  /**
   * Moves the records of a store from before records were spread by folder (256 chunk files
   * named by two hex digits) into this layout's chunks, once per store, so that an upgrade
   * validates nothing again; `save` writes them and removes the older files. A record both
   * layouts hold (a save cut short after writing its new chunk) is taken from the new one.
   */
  #upgrade(): void {
    this.#older = olderChunkNames(this.#dir);
    for (const name of this.#older) {
      for (const [file, line] of readChunk(path.join(this.#dir, name))) {
        const chunk = chunkOf(file);
        const records = this.#whole(chunk);
        if (records.has(file)) continue;
        records.set(file, line);
        this.#dirty.add(chunk);
      }
    }
  }

  #file(chunk: number): string {
    return path.join(this.#dir, `${chunk.toString(16).padStart(3, "0")}.ndjson`);
  }
}

/**
 * Where each record's line is in a chunk file, without the lines: a record is read from the
 * file when asked for. A chunk replaced since (only this build writes the store, and it reads
 * the chunks it changes whole) or damaged gives lines that do not match their checksums:
 * missing records, never wrong ones.
 */
class ChunkIndex {
  readonly #file: string;
  /** Line number of each record's name. */
  readonly #lines: Map<string, number>;
  /** Byte offset of each line, and one past the last line's end. */
  readonly #starts: Float64Array;

  private constructor(file: string, lines: Map<string, number>, starts: Float64Array) {
    this.#file = file;
    this.#lines = lines;
    this.#starts = starts;
  }

  /** The index of a chunk file (empty when it is missing, of another engine or unreadable). */
  static read(file: string): ChunkIndex {
    const lines = new Map<string, number>();
    const starts: number[] = [];
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return new ChunkIndex(file, lines, new Float64Array(0));
    }
    try {
      let end = bytes.indexOf(10);
      if (end === -1) end = bytes.length;
      const head = JSON.parse(bytes.toString("utf8", 0, end)) as { engine?: unknown };
      if (head.engine !== engineVersion) return new ChunkIndex(file, lines, new Float64Array(0));
      let start = end + 1;
      while (start < bytes.length) {
        end = bytes.indexOf(10, start);
        if (end === -1) end = bytes.length;
        if (end > start) {
          // The line's first JSON string, from its opening quote to just past its closing one.
          const name = JSON.parse(
            bytes.toString("utf8", start + 1, nameEnd(bytes, start, end)),
          ) as string;
          lines.set(name, starts.length / 2);
          starts.push(start, end);
        }
        start = end + 1;
      }
    } catch {
      lines.clear();
      return new ChunkIndex(file, lines, new Float64Array(0));
    }
    return new ChunkIndex(file, lines, Float64Array.from(starts));
  }

  /** The key and record of `name`, read from the file; undefined when missing or damaged. */
  read(name: string): [string, SourceRecord] | undefined {
    const line = this.#lines.get(name);
    if (line === undefined) return undefined;
    const start = this.#starts[2 * line] as number;
    const length = (this.#starts[2 * line + 1] as number) - start;
    const bytes = Buffer.allocUnsafe(length);
    let fd: number | undefined;
    try {
      fd = openSync(this.#file, "r");
      if (readSync(fd, bytes, 0, length, start) !== length) return undefined;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return decodeLine(bytes.toString("utf8"));
  }
}

/**
 * Where the name of a line between `start` and `end` ends: just past its first JSON string's
 * closing quote (bytes of multi-byte characters are never quotes or backslashes).
 */
function nameEnd(bytes: Buffer, start: number, end: number): number {
  let at = start + 2;
  while (at < end) {
    const code = bytes[at] as number;
    if (code === 0x5c) at += 2;
    else if (code === 0x22) return at + 1;
    else at++;
  }
  return end;
}

/** The chunk of a file's record: its folder's first chunk, and a place among its neighbours. */
function chunkOf(file: string): number {
  const slash = file.lastIndexOf("/");
  const folder = createHash("sha1")
    .update(slash === -1 ? "" : file.slice(0, slash))
    .digest()
    .readUInt16BE(0);
  const place = (createHash("sha1").update(file).digest()[0] as number) % folderSpread;
  return (folder + place) % chunkCount;
}

/** The chunk files of the older layout in `dir` (two hex digits), in name order. */
function olderChunkNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^[0-9a-f]{2}\.ndjson$/.test(name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * A record as its chunk holds it: the line read from the file (`[name, key, record]` as JSON)
 * until it is asked for, then the key and the decoded record.
 */
type StoredRecord = string | [key: string, record: SourceRecord];

/** Reads a chunk's lines, keyed by name; each line is decoded only when its record is asked for. */
function readChunk(file: string): Map<string, StoredRecord> {
  const records = new Map<string, StoredRecord>();
  if (!existsSync(file)) return records;
  try {
    const lines = readFileSync(file, "utf8").split("\n");
    if ((JSON.parse(lines[0] ?? "{}") as { engine?: unknown }).engine !== engineVersion)
      return records;
    for (const line of lines.slice(1)) {
      if (line === "") continue;
      records.set(nameOf(line), line);
    }
  } catch {
    return new Map();
  }
  return records;
}

/** The name a record line starts with: the first JSON string of `["name","key",{...}]`. */
function nameOf(line: string): string {
  let end = 2;
  while (end < line.length) {
    const code = line.charCodeAt(end);
    if (code === 0x5c) end += 2;
    else if (code === 0x22) break;
    else end++;
  }
  return JSON.parse(line.slice(1, end + 1)) as string;
}

/**
 * A chunk's line for a record: `["name","key",{record},"checksum"]`, the checksum being that of
 * the line without it (`["name","key",{record}]`).
 */
export function recordLine(name: string, key: string, record: SourceRecord): string {
  const json = JSON.stringify([name, key, record]);
  return `${json.slice(0, -1)},"${checksum(json)}"]`;
}

/** 64 bits of SHA-1: enough to tell a damaged line, a few bytes per record. */
function checksum(json: string): string {
  return createHash("sha1").update(json).digest("hex").slice(0, 16);
}

/**
 * A record line decoded, or undefined when it does not parse or does not match its checksum
 * (the record is then missing).
 */
function decodeLine(line: string): [string, SourceRecord] | undefined {
  const sum = line.slice(-18, -2);
  if (line.slice(-20, -18) !== ',"' || checksum(`${line.slice(0, -20)}]`) !== sum) return undefined;
  try {
    const [, key, record] = JSON.parse(line) as [string, string, SourceRecord];
    return typeof key === "string" && record !== null && typeof record === "object"
      ? [key, record]
      : undefined;
  } catch {
    return undefined;
  }
}
