import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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
 * A file the writer leaves in the output folder while it moves a build's changes in, removed as
 * the last step: when a build finds it, the previous commit was interrupted, and nothing in the
 * folder is trusted (see {@link interruptedCommit}).
 */
export const commitMarker = ".newsdeck-commit-in-progress";

/** True when the last commit into `outDir` was interrupted (the process was killed mid-way). */
export function interruptedCommit(outDir: string): boolean {
  return existsSync(path.join(outDir, commitMarker));
}

/**
 * Creates the writer for `outDir`. Files go to a staging folder beside it; nothing in `outDir`
 * changes before {@link OutputWriter.commit}. `previous` holds what the last build wrote there.
 *
 * - Into the folder the last build wrote (`previousDir` is `outDir`): a file whose bytes are
 *   unchanged is not written at all, and the commit moves only the new and changed files in and
 *   deletes the ones no longer produced. A warm build of a large site touches a handful of files
 *   instead of re-creating thousands of folders. Unchanged files keep their inode and
 *   modification time (rsync and CDN uploads skip them).
 * - Otherwise (first build, or `newsdeck dev`, whose last build is served from elsewhere): the
 *   staging folder receives every file, unchanged ones hard-linked from `previousDir`, and the
 *   commit swaps it in place of `outDir`.
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
  const inPlace = previousRoot === target && previous.size > 0 && existsSync(target);
  const files = new Map<string, WrittenFile>();
  /** Files written to the staging folder (all of them, unless committing in place). */
  const staged: string[] = [];

  // Files are written with synchronous calls: thousands of small files, each a few system
  // calls, go several times faster than through the thread pool behind fs.promises, and pages
  // are produced one at a time anyway.
  const stagingFolders = folderMaker(staging);
  const prepare = (outputPath: string) => {
    const destination = resolveInside(staging, outputPath);
    stagingFolders(path.dirname(destination));
    staged.push(outputPath);
    return destination;
  };
  /** True when the previous output holds exactly these bytes at this path. */
  const unchanged = (outputPath: string, written: WrittenFile): boolean => {
    const before = previous.get(outputPath);
    if (!before || before.hash !== written.hash || before.size !== written.size) return false;
    const current = resolveInside(previousRoot, outputPath);
    return statSync(current, { throwIfNoEntry: false })?.size === written.size;
  };
  /** Keeps or links the previous file when its bytes are unchanged. */
  const carryOver = (outputPath: string, written: WrittenFile): boolean => {
    if (!unchanged(outputPath, written)) return false;
    if (inPlace) return true;
    const destination = prepare(outputPath);
    try {
      linkSync(resolveInside(previousRoot, outputPath), destination);
    } catch {
      copyFileSync(resolveInside(previousRoot, outputPath), destination);
    }
    return true;
  };

  const swap = async () => {
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
  };
  const moveIn = async () => {
    const marker = path.join(target, commitMarker);
    writeFileSync(marker, "");
    // Removed files go first, then their emptied folders: a path that was a folder may now be
    // a file, and the other way round.
    const emptied = new Set<string>();
    for (const outputPath of previous.keys()) {
      if (files.has(outputPath)) continue;
      const file = resolveInside(target, outputPath);
      rmSync(file, { force: true });
      emptied.add(path.dirname(file));
    }
    for (const folder of [...emptied].sort().reverse()) removeEmptyFolders(folder, target);
    const targetFolders = folderMaker(target, true);
    for (const outputPath of staged) {
      const destination = resolveInside(target, outputPath);
      targetFolders(path.dirname(destination));
      if (statSync(destination, { throwIfNoEntry: false })?.isDirectory())
        rmSync(destination, { recursive: true });
      renameSync(resolveInside(staging, outputPath), destination);
    }
    rmSync(marker);
    await rm(staging, { recursive: true, force: true });
  };

  return {
    async write(file) {
      claim(files, file.path);
      if ("reuse" in file) {
        const written = { hash: file.reuse.hash, size: file.reuse.size };
        files.set(file.path, written);
        if (!carryOver(file.path, written)) copyFileSync(file.reuse.file, prepare(file.path));
        return;
      }
      const bytes = await bytesOf(file);
      const written = describe(bytes);
      files.set(file.path, written);
      if (carryOver(file.path, written)) return;
      if ("copyFrom" in file) copyFileSync(file.copyFrom, prepare(file.path));
      else writeFileSync(prepare(file.path), bytes);
    },
    has: (p) => files.has(p),
    written: () => sorted(files),
    commit: () => (inPlace ? moveIn() : swap()),
    async abort() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/**
 * Makes folders under `root` (which exists) once each, parents first, with one plain mkdir each:
 * a recursive mkdir checks every parent again, and an article page is five levels deep.
 * `existing` tolerates folders that are already there (the output folder).
 */
function folderMaker(root: string, existing = false): (folder: string) => void {
  const made = new Set<string>([root]);
  const make = (folder: string): void => {
    if (made.has(folder)) return;
    make(path.dirname(folder));
    if (existing) {
      const stat = statSync(folder, { throwIfNoEntry: false });
      if (stat && !stat.isDirectory()) rmSync(folder);
      if (!stat?.isDirectory()) mkdirSync(folder);
    } else mkdirSync(folder);
    made.add(folder);
  };
  return make;
}

/** Removes `folder` and then its parents while they are empty, stopping at `root`. */
function removeEmptyFolders(folder: string, root: string): void {
  for (let current = folder; current !== root && current.startsWith(root + path.sep); ) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
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
