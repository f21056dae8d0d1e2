import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { configSchema, type UserConfig } from "../config/config-schema.js";
import { collectGarbage, largeSite } from "../memory/collect-garbage.js";
import { readHugoSite } from "./hugo/read-hugo-site.js";
import { type ImportNote, ImportNotes } from "./import-notes.js";
import { readJekyllSite } from "./jekyll/read-jekyll-site.js";
import { planSite } from "./plan/plan-site.js";
import type { ReadOptions, SourceArchive } from "./source-archive.js";
import { readWordPressArchive } from "./wordpress/read-wordpress-archive.js";
import { ImportContext } from "./write/import-context.js";
import { type ImportCounts, renderImportReport } from "./write/render-import-report.js";
import { writeSite } from "./write/write-site.js";

/** The generators `newsdeck import` reads. */
export const importFormats = ["wordpress", "hugo", "jekyll"] as const;
export type ImportFormat = (typeof importFormats)[number];

/** What to import, from where, into where. */
export interface ImportOptions {
  readonly format: ImportFormat;
  /** The WordPress export file, or the Hugo or Jekyll site folder. */
  readonly source: string;
  /** The new site's folder. */
  readonly out: string;
  /** The site's address; images the source does not hold are loaded from it. */
  readonly siteUrl?: string | undefined;
  /** Every story goes into this section. */
  readonly section?: string | undefined;
  /** WordPress's uploads folder (`wp-content/uploads`). */
  readonly uploads?: string | undefined;
  /** Replace a non-empty `out`. */
  readonly force?: boolean | undefined;
}

/** What an import did. */
export interface ImportResult {
  /** 0 when every file was imported, 1 when some could not be read (they are in `notes`). */
  readonly exitCode: 0 | 1;
  readonly counts: ImportCounts;
  /** Every report line, in report order. */
  readonly notes: readonly ImportNote[];
  readonly outDir: string;
  readonly reportFile: string;
}

/** The import was not started: the output folder is taken or would destroy the source. */
export class ImportRefusedError extends Error {
  readonly code: "FileExists" | "OutDirUnsafe";
  constructor(code: "FileExists" | "OutDirUnsafe", message: string) {
    super(message);
    this.code = code;
  }
}

const readers: Record<ImportFormat, (options: ReadOptions) => Promise<SourceArchive>> = {
  wordpress: readWordPressArchive,
  hugo: readHugoSite,
  jekyll: readJekyllSite,
};

/**
 * Turns an archive into a Newsdeck site: read (streaming, for WordPress) -> plan (normalise,
 * place, keep old URLs) -> write (convert each body, copy files, config) -> report. Everything is
 * written into a folder beside `out` and moved into place at the end, so a failed import leaves
 * `out` as it was; an existing non-empty `out` is replaced only with `force`. The same archive
 * gives byte-identical output.
 */
export async function importSite(options: ImportOptions): Promise<ImportResult> {
  const source = path.resolve(options.source);
  const out = path.resolve(options.out);
  const uploads = options.uploads === undefined ? undefined : path.resolve(options.uploads);
  await checkOut([source, ...(uploads ? [uploads] : [])], out, options.force === true);
  await mkdir(path.dirname(out), { recursive: true });
  const temp = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}.importing-`));
  try {
    const notes = new ImportNotes();
    const archive = await readers[options.format]({
      source,
      uploads,
      stagingDir: path.join(temp, ".staging"),
      notes,
    });
    try {
      const siteUrl = options.siteUrl ?? httpUrl(archive.site.url);
      const site = {
        title: archive.site.title,
        url: siteUrl,
        language:
          archive.site.language && archive.site.language.length >= 2
            ? archive.site.language
            : undefined,
        timezone: archive.site.timeZone,
        description: archive.site.description,
      } satisfies UserConfig["site"];
      const config = configSchema.parse({ site });
      // A large archive's reading and planning leave garbage V8 would let pile up.
      if (archive.stories.length >= largeSite) collectGarbage();
      const plan = await planSite(archive, { config, section: options.section, notes });
      if (archive.stories.length >= largeSite) collectGarbage();
      // Images the source lacks load from the old site only when asked (--site-url).
      const context = new ImportContext(archive, plan, options.siteUrl, notes);
      const origin = `${archive.generator === "WordPress" ? "the WordPress export" : `the ${archive.generator} site`} ${path.basename(source)}`;
      const counts = await writeSite({ dir: temp, archive, plan, context, site, origin, notes });
      const sorted = notes.sorted();
      await writeFile(
        path.join(temp, "import-report.md"),
        renderImportReport(archive.generator, path.basename(source), counts, sorted),
      );
      await rm(path.join(temp, ".staging"), { recursive: true, force: true });
      await swapInto(temp, out);
      return {
        exitCode: notes.count("unreadable") > 0 ? 1 : 0,
        counts,
        notes: sorted,
        outDir: out,
        reportFile: path.join(out, "import-report.md"),
      };
    } finally {
      await archive.dispose();
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Refuses an `out` that holds files (unless forced) or that holds, or is held by, what the
 * import reads (the source, the uploads folder).
 */
async function checkOut(inputs: readonly string[], out: string, force: boolean): Promise<void> {
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(parent + path.sep);
  for (const input of inputs) {
    if (inside(input, out) || inside(out, input)) {
      throw new ImportRefusedError(
        "OutDirUnsafe",
        `--out ${out} and ${input} overlap: the import would write into what it reads (hint: --out a folder beside the source)`,
      );
    }
  }
  if (!existsSync(out)) return;
  const entries = await readdir(out).catch(() => undefined);
  if (entries === undefined) {
    throw new ImportRefusedError(
      "FileExists",
      `${out} exists and is not a folder (hint: --out another path)`,
    );
  }
  if (entries.length > 0 && !force) {
    throw new ImportRefusedError(
      "FileExists",
      `${out} exists and is not empty; nothing was written (hint: --force replaces it, or --out another folder)`,
    );
  }
}

/** Moves the finished folder into place, replacing `out` only once the new one is complete. */
async function swapInto(temp: string, out: string): Promise<void> {
  if (!existsSync(out)) {
    await rename(temp, out);
    return;
  }
  const previous = `${temp}.previous`;
  await rename(out, previous);
  try {
    await rename(temp, out);
  } catch (error) {
    await rename(previous, out);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:"
      ? value.replace(/\/+$/, "")
      : undefined;
  } catch {
    return undefined;
  }
}
