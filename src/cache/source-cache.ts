import { createHash, randomUUID } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../errors/diagnostic.js";
import { engineVersion } from "./engine-version.js";
import { hashBytes } from "./hash.js";

/**
 * A look-up validation made on disk, with its answer: `["exists", path, true]` or
 * `["realpath", path, "/resolved"]`. A cached result is reused only when every look-up still
 * gives the same answer (an image deleted, or turned into a symbolic link, invalidates it).
 */
export type Probe = readonly ["exists", string, boolean] | readonly ["realpath", string, string];

/** What validating one content file produced. */
export interface SourceResult {
  readonly value?: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/** One cached file: the key of its inputs, the look-ups made, and the result. */
export interface SourceEntry {
  readonly key: string;
  readonly probes: readonly Probe[];
  readonly result: SourceResult;
}

const fileName = "sources.ndjson";

/**
 * Validated front matter per content file, kept in `<cacheDir>/sources.ndjson` so that a build
 * with nothing changed neither parses YAML nor validates: the expensive part of loading. An entry
 * is keyed by the engine version, the config, the file's path and the SHA-256 of its bytes, and
 * carries the file-system look-ups validation made. The first line holds the engine version, the
 * entry count and the SHA-256 of the rest, so a truncated, edited or foreign file is detected and
 * ignored as a whole, never trusted.
 */
export class SourceCache {
  readonly #file: string;
  #entries: Map<string, SourceEntry>;
  #used = new Map<string, SourceEntry>();
  #dirty = false;
  #ignored: string | undefined;
  /** Entries are held from one load to the next (a session's cache). */
  readonly #keep: boolean;
  /** The staging file {@link release} wrote, until saved or discarded. */
  #staged: string | undefined;

  private constructor(
    file: string,
    keep: boolean,
    entries: Map<string, SourceEntry>,
    ignored?: string,
  ) {
    this.#file = file;
    this.#keep = keep;
    this.#entries = entries;
    this.#ignored = ignored;
  }

  /** Why the file on disk was not used, when it existed but was unusable (until replaced). */
  get ignored(): string | undefined {
    return this.#ignored;
  }

  /**
   * Reads `<cacheDir>/sources.ndjson`; a missing or unusable file gives an empty cache. With
   * `keep` (a session's cache), entries stay in memory from one load to the next.
   */
  static open(cacheDir: string, options: { readonly keep?: boolean } = {}): SourceCache {
    const file = path.join(cacheDir, fileName);
    const keep = options.keep ?? false;
    if (!existsSync(file)) return new SourceCache(file, keep, new Map());
    const read = readEntries(readFileSync(file, "utf8"));
    return typeof read === "string"
      ? new SourceCache(file, keep, new Map(), read)
      : new SourceCache(file, keep, read);
  }

  /**
   * The cached result for `file` when its key matches and every recorded look-up gives the same
   * answer again, else undefined.
   */
  get(file: string, key: string, probe: (p: Probe) => boolean): SourceResult | undefined {
    const entry = this.#entries.get(file);
    if (!entry || entry.key !== key || !entry.probes.every(probe)) return undefined;
    this.#used.set(file, entry);
    return entry.result;
  }

  /** Records a fresh result for `file`. */
  set(file: string, entry: SourceEntry): void {
    this.#used.set(file, entry);
    this.#dirty = true;
  }

  /** Ends a load: what this load used becomes the cache; files no longer present are dropped. */
  settle(): void {
    if (this.#used.size !== this.#entries.size) this.#dirty = true;
    this.#entries = this.#used;
    this.#used = new Map();
  }

  /**
   * Lets go of the entries once the build no longer needs them, unless a session keeps them for
   * its next load. At 100,000 articles they are a hundred megabytes the rest of the build does not
   * use. With `stage`, changed entries are first written to a staging file beside the cache file,
   * which {@link save} renames into place and {@link discard} removes.
   */
  release(stage: boolean): void {
    if (this.#keep) return;
    if (stage && this.#dirty) this.#staged = this.#write();
    // Released entries are staged or not wanted (a check): nothing is left for save() to write.
    this.#dirty = false;
    this.#entries = new Map();
  }

  /**
   * Makes the last load's entries the cache file, when they changed: renames the staging file
   * into place, or writes the entries a session holds.
   */
  async save(): Promise<void> {
    if (this.#staged) {
      renameSync(this.#staged, this.#file);
      this.#staged = undefined;
    } else if (this.#dirty) {
      renameSync(this.#write(), this.#file);
      this.#dirty = false;
    } else return;
    this.#ignored = undefined;
  }

  /** Removes the staging file of a build that failed; the cache file stays as it was. */
  discard(): void {
    if (this.#staged) rmSync(this.#staged, { force: true });
    this.#staged = undefined;
  }

  /** Writes the entries to a temporary file beside the cache file and returns its path. */
  #write(): string {
    mkdirSync(path.dirname(this.#file), { recursive: true });
    // Unique per call: builds in one process (threads, the API) may share a cache folder.
    const temp = `${this.#file}.${process.pid}-${randomUUID()}.tmp`;
    // Lines are written as they are made, 100,000 entries never become one string; the header,
    // which needs their checksum, is written last, over a placeholder of the same length.
    const placeholder = headerLine(0, "0".repeat(64));
    const checksum = createHash("sha256");
    const fd = openSync(temp, "w");
    try {
      writeSync(fd, placeholder);
      for (const [file, e] of this.#entries) {
        const line = `${JSON.stringify([file, e.key, e.probes, e.result])}\n`;
        checksum.update(line);
        writeSync(fd, line);
      }
      writeSync(fd, headerLine(this.#entries.size, checksum.digest("hex")), 0);
    } finally {
      closeSync(fd);
    }
    return temp;
  }
}

function headerLine(count: number, checksum: string): string {
  // The count is padded so that the final header has exactly the placeholder's length.
  return `${JSON.stringify({ engine: engineVersion, count: String(count).padStart(12, "0"), checksum })}\n`;
}

function readEntries(text: string): Map<string, SourceEntry> | string {
  const newline = text.indexOf("\n");
  let header: { engine?: unknown; count?: unknown; checksum?: unknown };
  try {
    header = JSON.parse(newline === -1 ? text : text.slice(0, newline));
  } catch {
    return "its sources file does not parse (truncated or corrupt)";
  }
  if (header.engine !== engineVersion)
    return `its sources file was written by Newsdeck ${String(header.engine)}, this is ${engineVersion}`;
  const rest = newline === -1 ? "" : text.slice(newline + 1);
  if (header.checksum !== hashBytes(rest))
    return "its sources file does not match its checksum (truncated or edited)";
  const entries = new Map<string, SourceEntry>();
  for (const line of rest.split("\n")) {
    if (line === "") continue;
    const [file, key, probes, result] = JSON.parse(line) as [string, string, Probe[], SourceResult];
    entries.set(file, { key, probes, result });
  }
  if (entries.size !== Number(header.count)) return "its sources file has a wrong entry count";
  return entries;
}
