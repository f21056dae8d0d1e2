import { existsSync, statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { escapeControlCharacters } from "../errors/escape-control-characters.js";
import { importNoteCatalog } from "../import/import-notes.js";
import {
  type ImportFormat,
  ImportRefusedError,
  importFormats,
  importSite,
} from "../import/import-site.js";
import { locate } from "../import/write/render-import-report.js";
import { slugify } from "../site/slugify.js";
import { printProblem } from "./print-problem.js";

/** Options of `newsdeck import`. */
export interface ImportCommandOptions {
  readonly out?: string | undefined;
  readonly siteUrl?: string | undefined;
  readonly section?: string | undefined;
  readonly uploads?: string | undefined;
  readonly force?: boolean | undefined;
}

/**
 * `newsdeck import wordpress|hugo|jekyll SOURCE`: writes a Newsdeck site from an archive and
 * `import-report.md` into it, and prints a one-line summary. Exit 0 when every file was
 * imported, 1 when some could not be read (they are printed), 2 for usage errors (a taken
 * `--out` among them).
 */
export async function runImportCommand(
  format: string,
  source: string,
  options: ImportCommandOptions,
): Promise<number> {
  if (!importFormats.includes(format as ImportFormat)) {
    return usage(
      `"${format}" is not a format newsdeck can import (hint: newsdeck import wordpress|hugo|jekyll SOURCE)`,
    );
  }
  const kind = format as ImportFormat;
  const from = path.resolve(String(source));
  if (!existsSync(from)) return usage(`${source} does not exist`);
  const isFolder = statSync(from).isDirectory();
  if (kind === "wordpress" && isFolder) {
    return usage(
      `${source} is a folder: give the export file (Tools -> Export in WordPress writes one)`,
    );
  }
  if (kind !== "wordpress" && !isFolder)
    return usage(`${source} is not a folder: give the ${kind} site's folder`);
  if (
    options.section !== undefined &&
    (typeof options.section !== "string" || slugify(options.section) !== options.section)
  ) {
    return usage(
      `--section "${options.section}" is not a lowercase id (hint: --section ${slugify(String(options.section)) || "news"})`,
    );
  }
  if (options.siteUrl !== undefined && !isHttpUrl(String(options.siteUrl))) {
    return usage(
      `--site-url "${options.siteUrl}" is not an http(s) address (hint: --site-url https://news.example.org)`,
    );
  }
  if (options.uploads !== undefined) {
    if (kind !== "wordpress")
      return usage(
        "--uploads is for WordPress imports: Hugo and Jekyll sites hold their own files",
      );
    const uploads = path.resolve(String(options.uploads));
    if (!existsSync(uploads) || !statSync(uploads).isDirectory()) {
      return usage(
        `--uploads ${options.uploads} is not a folder (hint: a copy of wp-content/uploads)`,
      );
    }
  }
  const out = path.resolve(
    options.out ?? `${path.basename(from).replace(/\.[^.]+$/, "")}-newsdeck`,
  );
  try {
    const result = await importSite({
      format: kind,
      source: from,
      out,
      siteUrl:
        options.siteUrl === undefined ? undefined : String(options.siteUrl).replace(/\/+$/, ""),
      section: options.section,
      uploads: options.uploads === undefined ? undefined : path.resolve(String(options.uploads)),
      force: options.force === true,
    });
    const unreadable = result.notes.filter(
      (note) => importNoteCatalog[note.code].group === "unreadable",
    );
    for (const note of unreadable)
      process.stderr.write(
        `${pc.red(escapeControlCharacters(`${locate(note)}  ${note.code}  ${note.message}`))}\n`,
      );
    const where = shown(result.outDir);
    const report = shown(result.reportFile);
    const { counts } = result;
    const lossy = result.notes.filter((n) => importNoteCatalog[n.code].group === "lossy").length;
    const normalised = result.notes.filter(
      (n) => importNoteCatalog[n.code].group === "normalised",
    ).length;
    const summary = `imported ${counts.articles} ${counts.articles === 1 ? "story" : "stories"} (${counts.drafts} draft${counts.drafts === 1 ? "" : "s"}), ${counts.pages} page${counts.pages === 1 ? "" : "s"}, ${counts.authors} author${counts.authors === 1 ? "" : "s"} and ${counts.files} file${counts.files === 1 ? "" : "s"} into ${where}; ${unreadable.length} unreadable, ${lossy} lossy, ${normalised} normalised: see ${report}`;
    process.stdout.write(
      `${result.exitCode === 0 ? pc.green("✓") : pc.red("✗")} ${escapeControlCharacters(summary)}\n`,
    );
    return result.exitCode;
  } catch (error) {
    if (error instanceof ImportRefusedError) {
      printProblem(error.message, error.code);
      return 2;
    }
    throw error;
  }
}

/** A path as the user would type it: relative when under the current folder, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function usage(message: string): number {
  printProblem(message);
  return 2;
}
