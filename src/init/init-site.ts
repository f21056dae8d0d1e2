import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { fillPlaceholders, type StarterValues } from "./fill-placeholders.js";

/** The starter site shipped with Newsdeck: `starter/` at the package root. */
export const starterDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "starter",
);

/** Pictures are copied byte for byte; every other starter file is text with placeholders. */
const binaryExtensions = new Set([".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".ico"]);

/** What {@link initSite} was asked to do. */
export interface InitSiteOptions {
  /** The folder to write the site into; created when missing. */
  readonly target: string;
  /** The placeholder values (title, url, date...). */
  readonly values: StarterValues;
  /** Write into a folder that is not empty, adding only the files it lacks. */
  readonly force?: boolean | undefined;
  /** The starter files to use; tests may point elsewhere. */
  readonly starter?: string | undefined;
}

/** What {@link initSite} did, or why it did nothing. */
export type InitSiteResult =
  | {
      readonly ok: true;
      /** Files written, relative to the target, sorted. */
      readonly written: readonly string[];
      /** Files that existed already and were left as they were (only with `force`). */
      readonly kept: readonly string[];
    }
  | { readonly ok: false; readonly reason: "not-empty"; readonly entries: readonly string[] }
  | { readonly ok: false; readonly reason: "not-a-folder" };

/**
 * Writes the starter site into `target`: every file of `starter/`, with `{{name}}` placeholders
 * in its path and text filled in, and `gitignore` named `.gitignore` (npm leaves files of that
 * name out of packages). Refuses a folder that has anything in it but a `.git` folder unless
 * `force`; even then no existing file is touched, since each file is created exclusively.
 */
export async function initSite(options: InitSiteOptions): Promise<InitSiteResult> {
  const target = path.resolve(options.target);
  if (existsSync(target) && !statSync(target).isDirectory())
    return { ok: false, reason: "not-a-folder" };
  const entries = existsSync(target)
    ? (await readdir(target)).filter((name) => name !== ".git").sort()
    : [];
  if (entries.length > 0 && !options.force) return { ok: false, reason: "not-empty", entries };

  const starter = options.starter ?? starterDir;
  const written: string[] = [];
  const kept: string[] = [];
  for (const source of await listStarterFiles(starter)) {
    const relative = starterPath(source, options.values);
    const bytes = await readFile(path.join(starter, source));
    const data = binaryExtensions.has(path.extname(source).toLowerCase())
      ? bytes
      : fillPlaceholders(bytes.toString("utf8"), options.values, source);
    const file = path.join(target, relative);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      await writeFile(file, data, { flag: "wx" });
      written.push(relative);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      kept.push(relative);
    }
  }
  return { ok: true, written: written.sort(), kept: kept.sort() };
}

/** The starter's files, hidden ones (`.github/`, `.gitkeep`) included, sorted. */
async function listStarterFiles(starter: string): Promise<string[]> {
  const files = await glob(["**/*"], { cwd: starter, dot: true, onlyFiles: true });
  return files.map((file) => file.split(path.sep).join("/")).sort();
}

/** Where a starter file goes in the new site, relative, with forward slashes. */
function starterPath(source: string, values: StarterValues): string {
  const filled = fillPlaceholders(source, values, source, true);
  return filled.replace(/(^|\/)gitignore$/, "$1.gitignore");
}
