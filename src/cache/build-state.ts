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
import { removeDeadTemporaries } from "../files/remove-dead-temporaries.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { AuthorBio, StaticPage } from "../site/model.js";
import type { BodyInfo } from "./body-info.js";
import { engineVersion } from "./engine-version.js";
import {
  idsCodec,
  jsonCodec,
  LazyTable,
  numberCodec,
  type TableCodec,
  textCodec,
} from "./lazy-table.js";

/** What the build state remembers of a source file: its metadata signature and content id. */
export interface FileRecord {
  /** `statSignature()`, or "" when it could not be trusted (the file changed as it was read). */
  readonly sig: string;
  readonly id: string;
}

/** What the last build wrote at an output path, and how to make it again. */
export interface OutputRecord {
  /** SHA-256 hex of the bytes and their size, as the deploy manifest lists them. */
  readonly hash: string;
  readonly size: number;
  /** What the output shows (see `plan/planned-output.ts`): `article:<id>`, `listing:t:covid-19:2`, ... */
  readonly subject: string;
  /** Index into the `templateSets` table of the templates it rendered, or -1 for none. */
  readonly templates: number;
}

/** The header of the state: what every table was computed under. */
export interface StateMeta {
  /** Digest of what validating a source depends on besides its bytes. */
  readonly validation: string;
  /** Digest of what every page shows besides its own data (config, theme assets, navigation). */
  readonly global: string;
  /** The build time of the last successful build. */
  readonly now: number;
  /** When the state was saved (real time): how recent a file change may be and still be trusted. */
  readonly savedAt: number;
  readonly nextId: number;
  /** The output folder the outputs table describes. */
  readonly outDir: string;
  /** The site root the state describes (records hold absolute paths). */
  readonly root: string;
  /** Digest of the rules that place an article (permalinks, time zone, sections, flags...). */
  readonly placement: string;
  /** How the manifest the last build left in the output folder looked, to know it is still there. */
  readonly manifest?:
    | { readonly size: number; readonly mtimeMs: number; readonly hash: string }
    | undefined;
}

const fileCodec: TableCodec<FileRecord> = {
  encode: (record) => `${record.sig}\t${record.id}`,
  decode: (rest) => {
    const tab = rest.indexOf("\t");
    return { sig: rest.slice(0, tab), id: rest.slice(tab + 1) };
  },
};

const outputCodec: TableCodec<OutputRecord> = {
  encode: (record) => `${record.hash}\t${record.size}\t${record.templates}\t${record.subject}`,
  decode: (rest) => {
    const [hash = "", size = "0", templates = "-1"] = rest.split("\t", 3);
    const subject = rest.slice(hash.length + size.length + templates.length + 3);
    return { hash, size: Number(size), templates: Number(templates), subject };
  },
};

/** The tables of the state, in the order they are written. */
const tableCodecs = {
  files: fileCodec,
  ids: numberCodec,
  articles: jsonCodec<ArticleEntry>(),
  lists: idsCodec,
  related: idsCodec,
  spellings: jsonCodec<Record<string, number>>(),
  moments: idsCodec,
  bodies: jsonCodec<BodyInfo>(),
  aliases: numberCodec,
  imageUsers: jsonCodec<string[]>(),
  links: jsonCodec<LinkOccurrence[]>(),
  /** Article ids in the build by slug, for the stories `::related` cards name. */
  storySlugs: idsCodec,
  /** Who shows a `::related` card, by the key it names its story by (`plan/track-cards.ts`). */
  cards: jsonCodec<string[]>(),
  notes: jsonCodec<Diagnostic[]>(),
  outputs: outputCodec,
  templateSets: jsonCodec<string[]>(),
  templates: fileCodec,
  pages: jsonCodec<StaticPage & { readonly contentId: string; readonly bodyKey: string }>(),
  bios: jsonCodec<AuthorBio & { readonly contentId: string; readonly bodyKey: string }>(),
  /** Search buckets: records in each bundle and a tag of its entry file (the bucket list). */
  searchBuckets: jsonCodec<{ readonly pages: number; readonly tag: string }>(),
  /** Search buckets a preview build left for the next build to re-index (`pending-search.ts`). */
  searchPending: textCodec,
} as const;

/** An internal link in a body, kept under the output path it names. */
export interface LinkOccurrence {
  readonly file: string;
  readonly url: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

type TableName = keyof typeof tableCodecs;
type TableValue<N extends TableName> =
  (typeof tableCodecs)[N] extends TableCodec<infer V> ? V : never;

/** Every table of the state. */
export type StateTables = { readonly [N in TableName]: LazyTable<TableValue<N>> };

/**
 * What a build leaves for the next one to start from, in `<cacheDir>/state/build.tsv` (a
 * preview's in `dev.tsv`): every source file's signature and content id, the site index (article
 * entries, ordered lists, related stories, publishing moments), rendered bodies' facts, and every
 * output with its hash and what it shows. One text file of tables, one record per line, read
 * as lines and decoded only where a build looks: at 100,000 articles it is read in a fraction
 * of a second, and a build that changes one article decodes a few dozen records.
 *
 * Written only by a successful build, to a temporary file renamed into place, so it always
 * describes one complete build. A file that is truncated, from another engine version or
 * otherwise unreadable is ignored as a whole (the build then starts from nothing).
 */
export class BuildState {
  readonly tables: StateTables;
  meta: StateMeta | undefined;
  /** Why the file on disk was not used, when it existed but was unusable. */
  readonly ignored: string | undefined;

  private constructor(tables: StateTables, meta: StateMeta | undefined, ignored?: string) {
    this.tables = tables;
    this.meta = meta;
    this.ignored = ignored;
  }

  /** An empty state: a first build. */
  static empty(ignored?: string): BuildState {
    return new BuildState(
      makeTables(() => []),
      undefined,
      ignored,
    );
  }

  /** Reads the state file, or gives an empty state when it is missing or unusable. */
  static read(file: string): BuildState {
    if (!existsSync(file)) return BuildState.empty();
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return BuildState.empty("its state file cannot be read");
    }
    const parsed = parseState(text);
    if (typeof parsed === "string") return BuildState.empty(parsed);
    return new BuildState(
      makeTables((name) => parsed.tables.get(name) ?? []),
      parsed.meta,
    );
  }

  /** Remembers every table and the header; the function returned puts them back. */
  checkpoint(): () => void {
    const meta = this.meta;
    const restores = Object.values(this.tables).map((table: LazyTable<unknown>) =>
      table.checkpoint(),
    );
    return () => {
      this.meta = meta;
      for (const restore of restores) restore();
    };
  }

  /**
   * Lets go of the values decoded so far (they stay as text, and decode again when asked for):
   * a large build calls it where a phase has read every entry and will not need them soon.
   */
  release(): void {
    for (const table of Object.values(this.tables) as LazyTable<unknown>[]) table.release();
  }

  /**
   * Writes the state to a temporary file beside `file` and returns its path; {@link commitState}
   * renames it into place once the output folder is committed.
   */
  write(file: string, meta: StateMeta): string {
    this.meta = meta;
    mkdirSync(path.dirname(file), { recursive: true });
    // A build killed before renaming its state into place left a whole state file beside it.
    removeDeadTemporaries(
      path.dirname(file),
      `${path.basename(file)}.`,
      /^(\d+)-[0-9a-f-]{36}\.tmp$/,
    );
    const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
    const fd = openSync(temp, "w");
    // The header carries a checksum of the rest, known only at the end: it is written last,
    // over a placeholder of the same length.
    const header = (checksum: string) =>
      `newsdeck-state ${JSON.stringify({ format, engine: engineVersion, checksum, meta })}\n`;
    const placeholder = header("0".repeat(40));
    const hash = createHash("sha1");
    const put = (text: string) => {
      hash.update(text);
      writeSync(fd, text);
    };
    try {
      writeSync(fd, placeholder);
      const names = Object.keys(tableCodecs) as TableName[];
      for (const name of names) {
        const lines = this.tables[name].lines();
        put(`@${name} ${lines.length}\n`);
        // Written in slices: at 100,000 records one joined string would be tens of megabytes.
        for (let i = 0; i < lines.length; i += 4096)
          put(`${lines.slice(i, i + 4096).join("\n")}\n`);
      }
      put(`@end ${names.length}\n`);
      writeSync(fd, header(hash.digest("hex")), 0);
    } catch (error) {
      // A full disk: no half-written file is left in the cache folder.
      closeSync(fd);
      rmSync(temp, { force: true });
      throw error;
    }
    closeSync(fd);
    return temp;
  }
}

/** Renames a state written by {@link BuildState.write} into place. */
export function commitState(temp: string, file: string): void {
  renameSync(temp, file);
}

/** The state file of a cache folder: `build.tsv`, or `dev.tsv` for previews. */
export function stateFile(cacheDir: string, preview: boolean): string {
  return path.join(cacheDir, "state", preview ? "dev.tsv" : "build.tsv");
}

const format = 2;

function makeTables(linesOf: (name: TableName) => readonly string[]): StateTables {
  const tables: Record<string, LazyTable<unknown>> = {};
  for (const [name, codec] of Object.entries(tableCodecs))
    tables[name] = new LazyTable(linesOf(name as TableName), codec as TableCodec<unknown>);
  return tables as StateTables;
}

function parseState(text: string): { meta: StateMeta; tables: Map<string, string[]> } | string {
  const lines = text.split("\n");
  const head = /^newsdeck-state (.*)$/.exec(lines[0] ?? "");
  if (!head) return "its state file is not a Newsdeck build state";
  let header: { format?: unknown; engine?: unknown; checksum?: unknown; meta?: StateMeta };
  try {
    header = JSON.parse(head[1] as string);
  } catch {
    return "its state file's header does not parse";
  }
  if (header.engine !== engineVersion)
    return `its state was written by Newsdeck ${String(header.engine)}, this is ${engineVersion}`;
  if (header.format !== format || !header.meta) return "its state file has an unknown format";
  const rest = text.slice(text.indexOf("\n") + 1);
  if (createHash("sha1").update(rest).digest("hex") !== header.checksum)
    return "its state file does not match its checksum (truncated or edited)";
  const tables = new Map<string, string[]>();
  let at = 1;
  const names = Object.keys(tableCodecs);
  for (const name of names) {
    const match = /^@(\w+) (\d+)$/.exec(lines[at] ?? "");
    if (!match || match[1] !== name) return "its state file is truncated or corrupt";
    const count = Number(match[2]);
    tables.set(name, lines.slice(at + 1, at + 1 + count));
    at += 1 + count;
  }
  if (lines[at] !== `@end ${names.length}`) return "its state file is truncated or corrupt";
  return { meta: header.meta, tables };
}
