import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../errors/diagnostic.js";
import { removeDeadTemporaries } from "../files/remove-dead-temporaries.js";
import { writeFileAtomically, writeTemporary } from "../files/write-file-atomically.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { AuthorBio, StaticPage } from "../site/model.js";
import type { BodyInfo } from "./body-info.js";
import { Chunk, ChunkedLines, type ChunkLoader } from "./chunked-lines.js";
import { engineVersion } from "./engine-version.js";
import {
  idsCodec,
  jsonCodec,
  LazyTable,
  numberCodec,
  type TableCodec,
  textCodec,
} from "./lazy-table.js";
import { escapeField, unescapeField } from "./tsv.js";

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
  /** HTML files in the output folder (the build's page count, kept so it is not counted anew). */
  readonly pages?: number | undefined;
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
 * output with its hash and what it shows. Each table is a sequence of chunks of lines in key
 * order, each chunk a file in `build.chunks/` named by the SHA-1 of its text; the state file is
 * the head that lists them. A table's chunks are read when a key in them is first asked for and
 * its lines decoded only where a build looks; a build that changes one article writes the few
 * chunks its changes fall in and a new head. At 100,000 articles the head is about 100 KB of
 * the state's 160 MB.
 *
 * Written only by a successful build: new chunks first, then the head to a temporary file renamed
 * into place, so it always describes one complete build; chunks no head names any more go after
 * that. A head that is cut short, from another engine version or otherwise unreadable, or that
 * names a chunk which is missing or of another size, is ignored as a whole (the build then
 * starts from nothing); a chunk whose text no longer matches its name is found when it is read
 * ({@link StateChunkError}: the build starts again from nothing).
 */
export class BuildState {
  readonly tables: StateTables;
  meta: StateMeta | undefined;
  /** Why the file on disk was not used, when it existed but was unusable. */
  readonly ignored: string | undefined;
  /** The chunk files the head last written names. */
  #named = new Set<string>();

  private constructor(tables: StateTables, meta: StateMeta | undefined, ignored?: string) {
    this.tables = tables;
    this.meta = meta;
    this.ignored = ignored;
  }

  /** An empty state: a first build. */
  static empty(ignored?: string): BuildState {
    return new BuildState(
      makeTables(() => new ChunkedLines([])),
      undefined,
      ignored,
    );
  }

  /** Reads the state's head, or gives an empty state when it is missing or unusable. */
  static read(file: string): BuildState {
    if (!existsSync(file)) return BuildState.empty();
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return BuildState.empty("its state file cannot be read");
    }
    const parsed = parseState(text, chunkFolder(file));
    if (typeof parsed === "string") return BuildState.empty(parsed);
    return new BuildState(
      makeTables((name) => parsed.tables.get(name) ?? new ChunkedLines([])),
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
   * Lets go of the values decoded so far and of saved chunks' lines (they load and decode again
   * when asked for): a large build calls it where a phase has read every entry and will not
   * need them soon. Given the state's file, the changes made so far are first merged into chunks
   * and the chunks no write saved yet are written into its chunk folder, so their lines go too:
   * a first build otherwise holds every line of the state until it commits. Chunks no head ends
   * up naming (merged again later, or of a build that fails) go with the next commit. With
   * `keepDecoded`, decoded values stay (see {@link LazyTable.release}).
   */
  release(file?: string, options: { readonly keepDecoded?: boolean } = {}): void {
    if (file !== undefined) this.#saveChunks(file);
    for (const table of Object.values(this.tables) as LazyTable<unknown>[])
      table.release(options.keepDecoded);
  }

  /**
   * Writes the chunks no earlier build saved, and the head to a temporary file beside `file`, and
   * returns its path; {@link BuildState.commit} renames it into place once the output folder is
   * committed.
   */
  write(file: string, meta: StateMeta): string {
    this.meta = meta;
    const folder = chunkFolder(file);
    mkdirSync(folder, { recursive: true });
    // A build killed before renaming its state or a chunk into place left them beside it.
    removeDeadTemporaries(
      path.dirname(file),
      `${path.basename(file)}.`,
      /^(\d+)-[0-9a-f-]{36}\.tmp$/,
    );
    removeDeadTemporaries(folder, "", /^[0-9a-f]{40}\.tsv\.(\d+)-[0-9a-f-]{36}\.tmp$/);
    this.#saveChunks(file);
    const body: string[] = [];
    const named = new Set<string>();
    const names = Object.keys(tableCodecs) as TableName[];
    for (const name of names) {
      const { chunks } = this.tables[name].chunks();
      let count = 0;
      for (const chunk of chunks) count += chunk.count;
      body.push(`@${name} ${count} ${chunks.length}`);
      for (const chunk of chunks) {
        body.push(`${chunk.hash}\t${chunk.count}\t${chunk.bytes}\t${escapeField(chunk.first)}`);
        named.add(`${chunk.hash}.tsv`);
      }
    }
    this.#named = named;
    body.push(`@end ${names.length}\n`);
    const rest = body.join("\n");
    const checksum = createHash("sha1").update(rest).digest("hex");
    return writeTemporary(
      file,
      `newsdeck-state ${JSON.stringify({ format, engine: engineVersion, checksum, meta })}\n${rest}`,
    );
  }

  /** Writes every table's chunks that no write saved yet into the chunk folder of `file`. */
  #saveChunks(file: string): void {
    const folder = chunkFolder(file);
    mkdirSync(folder, { recursive: true });
    const load = chunkLoader(folder);
    for (const name of Object.keys(tableCodecs) as TableName[]) {
      for (const chunk of this.tables[name].chunks().chunks) {
        if (chunk.hash !== undefined) continue;
        // Written anew even when a file of that name is there: it may be a damaged one.
        const text = `${chunk.lines().join("\n")}\n`;
        const hash = createHash("sha1").update(text).digest("hex");
        const bytes = Buffer.from(text, "utf8");
        writeFileAtomically(path.join(folder, `${hash}.tsv`), bytes);
        chunk.markSaved(hash, bytes.byteLength, load);
      }
    }
  }

  /**
   * Renames a head written by {@link BuildState.write} into place, then removes the chunks it does
   * not name (an earlier build's).
   */
  commit(temp: string, file: string): void {
    renameSync(temp, file);
    const folder = chunkFolder(file);
    for (const name of readdirSync(folder))
      if (name.endsWith(".tsv") && !this.#named.has(name))
        rmSync(path.join(folder, name), { force: true });
  }
}

/**
 * A chunk of the build state that is missing (removed under a build that was reading it) or whose
 * text does not match its name (changed in place): the build starts again from nothing.
 */
export class StateChunkError extends Error {}

/** The folder of a state file's chunks: `build.chunks/` beside `build.tsv`. */
function chunkFolder(file: string): string {
  return path.join(path.dirname(file), `${path.basename(file, ".tsv")}.chunks`);
}

/** Reads a chunk by its hash, checking its text against it. */
function chunkLoader(folder: string): ChunkLoader {
  return (hash) => {
    let text: string;
    try {
      text = readFileSync(path.join(folder, `${hash}.tsv`), "utf8");
    } catch {
      throw new StateChunkError(`its state chunk ${hash} is missing`);
    }
    if (createHash("sha1").update(text).digest("hex") !== hash)
      throw new StateChunkError(`its state chunk ${hash} does not match its checksum`);
    const lines = text.split("\n");
    lines.pop();
    return lines;
  };
}

/** The state file of a cache folder: `build.tsv`, or `dev.tsv` for previews. */
export function stateFile(cacheDir: string, preview: boolean): string {
  return path.join(cacheDir, "state", preview ? "dev.tsv" : "build.tsv");
}

const format = 3;

function makeTables(linesOf: (name: TableName) => ChunkedLines): StateTables {
  const tables: Record<string, LazyTable<unknown>> = {};
  for (const [name, codec] of Object.entries(tableCodecs))
    tables[name] = new LazyTable(linesOf(name as TableName), codec as TableCodec<unknown>);
  return tables as StateTables;
}

function parseState(
  text: string,
  folder: string,
): { meta: StateMeta; tables: Map<string, ChunkedLines> } | string {
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
  if ((header.format !== format && header.format !== 2) || !header.meta)
    return "its state file has an unknown format";
  const rest = text.slice(text.indexOf("\n") + 1);
  if (createHash("sha1").update(rest).digest("hex") !== header.checksum)
    return "its state file does not match its checksum (truncated or edited)";
  const tables = new Map<string, ChunkedLines>();
  let at = 1;
  const names = Object.keys(tableCodecs);
  const load = chunkLoader(folder);
  for (const name of names) {
    const match = /^@(\w+) (\d+)(?: (\d+))?$/.exec(lines[at] ?? "");
    if (!match || match[1] !== name) return "its state file is truncated or corrupt";
    const count = Number(match[2]);
    if (header.format === 2) {
      // One file of lines (Newsdeck before chunks): saved in chunks by this build.
      tables.set(name, ChunkedLines.of(lines.slice(at + 1, at + 1 + count)));
      at += 1 + count;
      continue;
    }
    const chunks: Chunk[] = [];
    for (const line of lines.slice(at + 1, at + 1 + Number(match[3]))) {
      const [hash = "", lineCount = "", bytes = "", first = ""] = line.split("\t");
      const stats = statSync(path.join(folder, `${hash}.tsv`), { throwIfNoEntry: false });
      if (stats?.size !== Number(bytes))
        return `its state chunk ${hash} is ${stats ? "of another size" : "missing"}`;
      chunks.push(Chunk.saved(unescapeField(first), Number(lineCount), Number(bytes), hash, load));
    }
    at += 1 + chunks.length;
    tables.set(name, new ChunkedLines(chunks));
  }
  if (lines[at] !== `@end ${names.length}`) return "its state file is truncated or corrupt";
  return { meta: header.meta, tables };
}
