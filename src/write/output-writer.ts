import {
  existsSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Piscina } from "piscina";
import { createWorkerPool } from "../workers/worker-pool.js";
import type { OutputFile } from "./output-file.js";
import { resolveInside } from "./resolve-inside.js";
import { createStagingFolder } from "./staging-folder.js";
import { createFileWriter, type WriteJob, type WriteOutcome } from "./write-worker.js";

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
  /**
   * Writes one file; throws when two outputs claim the same path. A generated file may still be
   * on its way to disk when this returns: a failed write is thrown by a later call.
   */
  write(file: OutputFile): Promise<void>;
  /** True when a file has been claimed for this output path (written, or on its way). */
  has(outputPath: string): boolean;
  /**
   * Removes a file the previous build wrote (an incremental build names what is gone; a full
   * build removes everything it did not write). Ignored for a path written in this build.
   */
  remove(outputPath: string): void;
  /** Every written path with its hash and size, sorted by path, once every write has finished. */
  written(): Promise<ReadonlyMap<string, WrittenFile>>;
  /**
   * The same, in no order and not copied, once every write has finished: the writer's own
   * record, for look-ups (a copy of it is hundreds of thousands of entries in a large build).
   */
  writtenFiles(): Promise<ReadonlyMap<string, WrittenFile>>;
  /**
   * Waits for every write and stops the writer's threads, so that a failed write is reported
   * while the build can still abort, and the commit itself (which `newsdeck dev` runs while
   * requests wait) only moves files. Called once the pages are written: the site-wide files
   * made from their records (`_headers`, the manifest) are written after it, in this thread,
   * and the threads' memory is given back before those records are gathered.
   */
  finish(): Promise<void>;
  /** Replaces the output folder with what was written. */
  commit(): Promise<void>;
  /** Throws away what was written; the output folder is untouched. */
  abort(): Promise<void>;
}

/** What the previous build wrote, by output path. */
export interface PreviousOutputs {
  get(outputPath: string): WrittenFile | undefined;
  keys(): Iterable<string>;
}

/** How a writer treats generated files. */
export interface WriterOptions {
  /**
   * Files not written stay as they are, and only those passed to `remove` go: the build planned
   * what changed. Without it, the output is exactly what was written.
   */
  readonly incremental?: boolean | undefined;
  /** Minify generated `.html` files (files copied from `public/` stay as they are). */
  readonly minify?: boolean | undefined;
  /**
   * Threads that minify, hash and write generated files while pages render; 0 does it in this
   * thread. Default: as many as the cores. Minifying a page costs about what rendering it does,
   * and a thread waits on the disk part of the time, so fewer leave the pages waiting for them.
   */
  readonly threads?: number | undefined;
}

/** A writer that keeps only hashes in memory and writes nothing: for `newsdeck check`. */
export function createDryRunWriter(options: WriterOptions = {}): OutputWriter {
  const claimed = new Set<string>();
  const files = new Map<string, WrittenFile>();
  const describeOnly = createFileWriter();
  return {
    async write(file) {
      claim(claimed, file.path);
      const { hash, size } = describeOnly({
        file,
        minify: minifies(options, file.path),
        keepUnchanged: true,
      });
      files.set(file.path, { hash, size });
    },
    has: (p) => claimed.has(p),
    remove() {},
    written: async () => sorted(files),
    writtenFiles: async () => files,
    async finish() {},
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
  previous: PreviousOutputs = { get: () => undefined, keys: () => [] },
  /** Where the files of `previous` are, when not in `outDir` (moved there since). */
  previousDir: string = outDir,
  options: WriterOptions = {},
): Promise<OutputWriter> {
  const target = path.resolve(outDir);
  const previousRoot = path.resolve(previousDir);
  const staging = await createStagingFolder(target);
  const incremental = options.incremental ?? false;
  // A full build leaves exactly what it wrote: everything else the previous build wrote goes.
  const previousPaths = incremental ? [] : [...previous.keys()];
  const inPlace =
    previousRoot === target && existsSync(target) && (incremental || previousPaths.length > 0);
  /** Paths an incremental build removes. */
  const removed = new Set<string>();
  /** Paths claimed so far; `files` has them once their bytes are written. */
  const claimed = new Set<string>();
  const files = new Map<string, WrittenFile>();
  /** Files written to the staging folder (all of them, unless committing in place). */
  const staged: string[] = [];
  const inline = createFileWriter();
  const generated = generatedFileWriter(options, inline);

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
    for (const outputPath of new Set([...removed, ...previousPaths])) {
      if (files.has(outputPath)) continue;
      const file = resolveInside(target, outputPath);
      rmSync(file, { force: true });
      emptied.add(path.dirname(file));
    }
    for (const folder of [...emptied].sort().reverse()) removeEmptyFolders(folder, target);
    const targetFolders = folderMaker(target);
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
      claim(claimed, file.path);
      const outputPath = file.path;
      const before = previous.get(outputPath);
      const job: WriteJob = {
        file,
        minify: minifies(options, outputPath),
        previous: before && { ...before, file: resolveInside(previousRoot, outputPath) },
        keepUnchanged: inPlace,
        destination: resolveInside(staging, outputPath),
      };
      const done = (outcome: WriteOutcome) => {
        files.set(outputPath, { hash: outcome.hash, size: outcome.size });
        if (outcome.staged) staged.push(outputPath);
      };
      // Only generated pages are worth a thread: reused and copied files are a link or a copy,
      // and a large file (a sitemap, the manifest) would be held twice, here and in the thread.
      await ("data" in file && file.data.length < threadedBelow
        ? generated.write(job, done)
        : done(inline(job)));
    },
    has: (p) => claimed.has(p),
    remove(outputPath) {
      removed.add(outputPath);
    },
    async written() {
      await generated.settle();
      return sorted(files);
    },
    async writtenFiles() {
      await generated.settle();
      return files;
    },
    async finish() {
      await generated.close();
    },
    async commit() {
      try {
        await generated.close();
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      try {
        await (inPlace ? moveIn() : swap());
      } catch (error) {
        // The output folder is as it was (a swap puts it back), or marked as interrupted.
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
    },
    async abort() {
      await generated.close().catch(() => undefined);
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** The first this many generated files are written in this thread: threads cost more to start. */
const poolThreshold = 200;
/** Generated files on their way to disk at once, at most. */
const maxInFlight = 64;
/** Generated files from this size (characters or bytes) up are written in this thread. */
const threadedBelow = 1 << 20;

/**
 * Runs {@link WriteJob}s in this thread, and after the first {@link poolThreshold} files on a
 * pool of threads, while the caller renders the next pages. `done` runs, in this thread, as each finishes.
 * The first failure is thrown by the next call.
 */
function generatedFileWriter(options: WriterOptions, inline: (job: WriteJob) => WriteOutcome) {
  const threads = options.threads ?? availableParallelism();
  let pool: Promise<Piscina> | undefined;
  /** Closed: later files are written in this thread. */
  let closed = false;
  let count = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: { readonly error: unknown } | undefined;
  const check = () => {
    if (failure) throw failure.error;
  };
  const settle = async () => {
    await Promise.all(inFlight);
    check();
  };
  return {
    async write(job: WriteJob, done: (outcome: WriteOutcome) => void): Promise<void> {
      check();
      count++;
      if (threads === 0 || count <= poolThreshold || closed) {
        done(inline(job));
        return;
      }
      pool ??= createWorkerPool(new URL("./write-worker.js", import.meta.url), threads);
      const task = ((await pool).run(job) as Promise<WriteOutcome>).then(done, (error: unknown) => {
        failure ??= { error };
      });
      const tracked: Promise<void> = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      check();
    },
    settle,
    /** Waits for every write and stops the threads; files written after are written here. */
    async close(): Promise<void> {
      closed = true;
      try {
        await settle();
      } finally {
        const started = pool;
        pool = undefined;
        await (await started)?.destroy();
      }
    },
  };
}

function minifies(options: WriterOptions, outputPath: string): boolean {
  return (options.minify ?? false) && outputPath.endsWith(".html");
}

/**
 * Makes sure folders under `root` (the output folder, which exists) are folders, once each,
 * parents first: a folder is kept, a file where a folder must now be is removed.
 */
function folderMaker(root: string): (folder: string) => void {
  const made = new Set<string>([root]);
  const make = (folder: string): void => {
    if (made.has(folder)) return;
    make(path.dirname(folder));
    const stat = statSync(folder, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) rmSync(folder);
    if (!stat?.isDirectory()) mkdirSync(folder);
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

/** Claims a path for one output; a second claim is an error. */
function claim(claimed: Set<string>, outputPath: string): void {
  if (claimed.has(outputPath)) throw new DuplicateOutputError(outputPath);
  claimed.add(outputPath);
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

function sorted(files: ReadonlyMap<string, WrittenFile>): ReadonlyMap<string, WrittenFile> {
  return new Map([...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
