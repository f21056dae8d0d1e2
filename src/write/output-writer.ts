import { copyFileSync, existsSync, linkSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { hashBytes } from "../cache/hash.js";
import type { OutputFile } from "../outputs/output-file.js";
import { resolveInside } from "./check-url-path.js";

/** The hash and size of a written file, for the deploy manifest. */
export interface WrittenFile {
  readonly hash: string;
  readonly size: number;
}

/**
 * Writes a build into a temporary folder beside the output folder and swaps it in only when
 * the build succeeds: a failed build leaves the previous output exactly as it was.
 */
export interface OutputWriter {
  /** Writes one file; throws when two outputs claim the same path. */
  write(file: OutputFile): Promise<void>;
  /** True when a file has been written at this output path. */
  has(outputPath: string): boolean;
  /** Every written path with its hash and size, sorted by path. */
  written(): ReadonlyMap<string, WrittenFile>;
  /** Replaces the output folder with what was written. */
  commit(): Promise<void>;
  /** Throws away what was written; the output folder is untouched. */
  abort(): Promise<void>;
}

/** A writer that keeps only hashes in memory and writes nothing: for `newsdeck check`. */
export function createDryRunWriter(): OutputWriter {
  const files = new Map<string, WrittenFile>();
  return {
    async write(file) {
      claim(files, file.path);
      files.set(
        file.path,
        "reuse" in file
          ? { hash: file.reuse.hash, size: file.reuse.size }
          : describe(await bytesOf(file)),
      );
    },
    has: (p) => files.has(p),
    written: () => sorted(files),
    async commit() {},
    async abort() {},
  };
}

/**
 * Creates the writer for `outDir`. `previous` holds what the last build wrote there: a file whose
 * bytes are unchanged is hard-linked from the current output instead of written again, so
 * unchanged files keep their inode and modification time (rsync and CDN uploads skip them).
 */
export async function createOutputWriter(
  outDir: string,
  previous: ReadonlyMap<string, WrittenFile> = new Map(),
  /** Where the files of `previous` are, when not in `outDir` (moved there since). */
  previousDir: string = outDir,
): Promise<OutputWriter> {
  const target = path.resolve(outDir);
  const previousRoot = path.resolve(previousDir);
  const staging = path.join(path.dirname(target), `.newsdeck-tmp-${path.basename(target)}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files = new Map<string, WrittenFile>();
  const folders = new Set<string>();

  // Files are written with synchronous calls: thousands of small files, each a few system
  // calls, go several times faster than through the thread pool behind fs.promises, and pages
  // are produced one at a time anyway.
  const prepare = (outputPath: string) => {
    const destination = resolveInside(staging, outputPath);
    const folder = path.dirname(destination);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    return destination;
  };
  /** Links the current output's file when it holds exactly these bytes. */
  const carryOver = (outputPath: string, written: WrittenFile, destination: string) => {
    const before = previous.get(outputPath);
    if (!before || before.hash !== written.hash || before.size !== written.size) return false;
    const current = resolveInside(previousRoot, outputPath);
    if (statSync(current, { throwIfNoEntry: false })?.size !== written.size) return false;
    try {
      linkSync(current, destination);
    } catch {
      copyFileSync(current, destination);
    }
    return true;
  };

  return {
    async write(file) {
      claim(files, file.path);
      const destination = prepare(file.path);
      if ("reuse" in file) {
        const written = { hash: file.reuse.hash, size: file.reuse.size };
        files.set(file.path, written);
        if (!carryOver(file.path, written, destination)) copyFileSync(file.reuse.file, destination);
        return;
      }
      const bytes = await bytesOf(file);
      const written = describe(bytes);
      files.set(file.path, written);
      if (carryOver(file.path, written, destination)) return;
      if ("copyFrom" in file) copyFileSync(file.copyFrom, destination);
      else writeFileSync(destination, bytes);
    },
    has: (p) => files.has(p),
    written: () => sorted(files),
    async commit() {
      const old = `${staging}-previous`;
      await rm(old, { recursive: true, force: true });
      if (existsSync(target)) await rename(target, old);
      try {
        await rename(staging, target);
      } catch (error) {
        if (existsSync(old)) await rename(old, target);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    },
    async abort() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

function claim(files: Map<string, WrittenFile>, outputPath: string): void {
  if (files.has(outputPath)) throw new DuplicateOutputError(outputPath);
}

/** Two outputs claimed one path (for example a file in public/ and a generated page). */
export class DuplicateOutputError extends Error {
  readonly outputPath: string;
  constructor(outputPath: string) {
    super(`two outputs claim ${outputPath}`);
    this.name = "DuplicateOutputError";
    this.outputPath = outputPath;
  }
}

async function bytesOf(file: Exclude<OutputFile, { reuse: unknown }>): Promise<Uint8Array> {
  return "data" in file ? toBytes(file.data) : await readFile(file.copyFrom);
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

function describe(bytes: Uint8Array): WrittenFile {
  return { hash: hashBytes(bytes), size: bytes.byteLength };
}

function sorted(files: ReadonlyMap<string, WrittenFile>): ReadonlyMap<string, WrittenFile> {
  return new Map([...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
