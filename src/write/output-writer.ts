import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
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

/** A writer that keeps everything in memory and writes nothing: for `newsdeck check`. */
export function createDryRunWriter(): OutputWriter {
  const files = new Map<string, WrittenFile>();
  return {
    async write(file) {
      claim(files, file.path);
      const bytes = "data" in file ? toBytes(file.data) : await readFile(file.copyFrom);
      files.set(file.path, describe(bytes));
    },
    has: (p) => files.has(p),
    written: () => sorted(files),
    async commit() {},
    async abort() {},
  };
}

/** Creates the writer for `outDir`; its temporary folder is removed if it already exists. */
export async function createOutputWriter(outDir: string): Promise<OutputWriter> {
  const target = path.resolve(outDir);
  const staging = path.join(path.dirname(target), `.newsdeck-tmp-${path.basename(target)}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files = new Map<string, WrittenFile>();
  const folders = new Set<string>();

  return {
    async write(file) {
      claim(files, file.path);
      const destination = resolveInside(staging, file.path);
      const folder = path.dirname(destination);
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        folders.add(folder);
      }
      const bytes = "data" in file ? toBytes(file.data) : await readFile(file.copyFrom);
      files.set(file.path, describe(bytes));
      if ("copyFrom" in file) await copyFile(file.copyFrom, destination);
      else await writeFile(destination, bytes);
    },
    has: (p) => files.has(p),
    written: () => sorted(files),
    async commit() {
      const previous = `${staging}-previous`;
      await rm(previous, { recursive: true, force: true });
      if (existsSync(target)) await rename(target, previous);
      try {
        await rename(staging, target);
      } catch (error) {
        if (existsSync(previous)) await rename(previous, target);
        throw error;
      }
      await rm(previous, { recursive: true, force: true });
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

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

function describe(bytes: Uint8Array): WrittenFile {
  return { hash: createHash("sha256").update(bytes).digest("hex"), size: bytes.byteLength };
}

function sorted(files: ReadonlyMap<string, WrittenFile>): ReadonlyMap<string, WrittenFile> {
  return new Map([...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
