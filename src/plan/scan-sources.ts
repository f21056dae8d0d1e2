import { type Dirent, lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import path from "node:path";
import type { FileRecord } from "../cache/build-state.js";
import { contentId, isRacy, statSignature } from "../cache/content-id.js";
import { flatString } from "../cache/flat-string.js";
import { type GitIndex, readGitIndex } from "../cache/git-index.js";
import type { LazyTable } from "../cache/lazy-table.js";
import { compareKeys } from "../cache/tsv.js";

/** A source file as a build sees it: where it is, what it holds now, and whether that is new. */
export interface ScannedFile {
  /** Path relative to the site root (forward slashes), the key of the files table. */
  readonly file: string;
  readonly absPath: string;
  /** Content id of its bytes now. */
  readonly id: string;
  /** The signature to record (empty when the file changed too recently to trust one). */
  readonly sig: string;
  /**
   * Its bytes, when the scan read them and the file changed, so validation need not read it
   * again: kept up to {@link keptBytesBudget} in all, so a first build of a large archive does
   * not hold every file at once (validation reads the others again). Taken once, by
   * {@link takeBytes}: the scan's list lives as long as the build.
   */
  bytes?: Buffer | undefined;
  /** True when the scan read the file (its metadata could not vouch for its bytes). */
  readonly read: boolean;
  /** True when the content id differs from the recorded one, or the file is new. */
  readonly changed: boolean;
  /** True when the build state already records this signature and content id. */
  readonly recorded?: boolean | undefined;
}

/** What a scan found in one folder: every file now, and the recorded files that are gone. */
export interface FolderScan {
  readonly files: readonly ScannedFile[];
  readonly removed: readonly string[];
}

/** How a scan tells a file's content id without reading it. */
export interface IdentityContext {
  readonly root: string;
  /** What the last successful build recorded. */
  readonly records: LazyTable<FileRecord>;
  /**
   * Real time at the start of the scan: a file changed within a moment of it gets no recorded
   * signature (it could change again within the same clock tick), so the next build reads it.
   */
  readonly realNow: number;
  /** Git's index of the checkout, read on the first file the build's own record cannot vouch for. */
  gitIndex?: GitIndex | null | undefined;
  /** Bytes of changed files kept so far (see {@link ScannedFile.bytes}). */
  kept?: number | undefined;
}

/** At most this many bytes of read files are kept for validation; the rest is read again. */
const keptBytesBudget = 32 * 2 ** 20;

/**
 * Lists `folder` (relative to the root) recursively, in code-point order, and tells for each file
 * whether its bytes changed since the recorded build: equal metadata means equal bytes (the file
 * is not read), else git's index may vouch for it (a fresh CI checkout), else it is read and its
 * content id compared. `accept` filters file names (relative to the root).
 */
export function scanFolder(
  context: IdentityContext,
  folder: string,
  accept: (rel: string) => boolean = () => true,
): FolderScan {
  const names = listFolder(path.join(context.root, folder), folder).filter(accept);
  names.sort(compareKeys);
  // The listing and the recorded files, both in key order, walked side by side.
  const records = context.records.entriesAfter(`${folder}/`);
  let next = records.next();
  const removed: string[] = [];
  // Recorded files of the folder before `rel` (all that are left, without one) are gone.
  const goneBefore = (rel?: string) => {
    while (!next.done && next.value[0].startsWith(`${folder}/`)) {
      const [gone] = next.value;
      if (rel !== undefined && compareKeys(gone, rel) >= 0) break;
      if (accept(gone)) removed.push(gone);
      next = records.next();
    }
  };
  const recordOf = (rel: string): FileRecord | undefined => {
    goneBefore(rel);
    if (next.done || next.value[0] !== rel) return undefined;
    const [, record] = next.value;
    next = records.next();
    return record;
  };
  // What the file system says of each file now, kept as its signature (not the Stats object).
  const seen = names.map((rel) => {
    // Flat: a path.join result is a tree of pieces (about 670 bytes against 136), and the
    // scan's list lives as long as the build.
    const absPath = flatString(path.join(context.root, rel));
    return { rel, absPath, now: signatureNow(context, lstatSync(absPath)), record: recordOf(rel) };
  });
  goneBefore();
  // Git's index vouches for files only when many need it (a fresh checkout, where every file
  // is new to the file system): reading a few changed files of a large archive costs less than
  // reading an index of every file.
  const doubtful = seen.filter(({ now, record }) => !vouched(record, now)).length;
  const useGit = doubtful > gitThreshold || doubtful * 4 > seen.length;
  const files = seen.map(({ rel, absPath, now, record }) =>
    identify(context, rel, absPath, now, record, useGit),
  );
  return { files, removed };
}

/**
 * How many files (besides a quarter of the folder) a scan must find changed in their metadata
 * before it reads git's index.
 */
const gitThreshold = 64;

/** A file's signature now, and the one to record (empty when it changed too recently to trust). */
interface SignatureNow {
  readonly signature: string;
  readonly sig: string;
}

function signatureNow(context: IdentityContext, stats: Stats): SignatureNow {
  const signature = statSignature(stats);
  return { signature, sig: isRacy(stats, context.realNow) ? "" : signature };
}

function vouched(record: FileRecord | undefined, now: SignatureNow): boolean {
  return record !== undefined && record.sig !== "" && record.sig === now.signature;
}

/**
 * The identity of one file (relative to the root), or undefined when it does not exist or is
 * not a regular file.
 */
export function identifyFile(context: IdentityContext, rel: string): ScannedFile | undefined {
  const absPath = flatString(path.join(context.root, rel));
  const stats = lstatSync(absPath, { throwIfNoEntry: false });
  if (!stats?.isFile()) return undefined;
  return identify(
    context,
    rel,
    absPath,
    signatureNow(context, stats),
    context.records.get(rel),
    false,
  );
}

function identify(
  context: IdentityContext,
  rel: string,
  absPath: string,
  now: SignatureNow,
  record: FileRecord | undefined,
  useGit: boolean,
): ScannedFile {
  const { sig } = now;
  if (vouched(record, now)) {
    const { id } = record as FileRecord;
    const recorded = sig === (record as FileRecord).sig;
    return { file: rel, absPath, id, sig, changed: false, read: false, recorded };
  }
  if (record && useGit) {
    const fromGit = gitId(context, rel, absPath);
    if (fromGit !== undefined && fromGit === record.id)
      return { file: rel, absPath, id: fromGit, sig, changed: false, read: false };
  }
  const bytes = readFileSync(absPath);
  const id = contentId(bytes);
  const changed = id !== record?.id;
  const kept = context.kept ?? 0;
  const keep = changed && kept + bytes.byteLength <= keptBytesBudget;
  if (keep) context.kept = kept + bytes.byteLength;
  return { file: rel, absPath, id, sig, bytes: keep ? bytes : undefined, changed, read: true };
}

function gitId(context: IdentityContext, rel: string, absPath: string): string | undefined {
  if (context.gitIndex === undefined) context.gitIndex = readGitIndex(context.root) ?? null;
  if (!context.gitIndex) return undefined;
  try {
    return context.gitIndex.lookup(rel, lstatSync(absPath, { bigint: true }));
  } catch {
    return undefined;
  }
}

/**
 * The bytes a scan kept of a file, given once: validation takes them and they are let go, so a
 * first build does not hold its first 32 MiB of sources until the commit.
 */
export function takeBytes(file: ScannedFile): Buffer | undefined {
  const { bytes } = file;
  file.bytes = undefined;
  return bytes;
}

/** Regular files under `dir`, as `prefix/...` paths; dot files and symbolic links are skipped. */
export function listFolder(dir: string, prefix: string): string[] {
  const found: string[] = [];
  const walk = (current: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(current, entry.name), childRel);
      else if (entry.isFile()) found.push(childRel);
    }
  };
  walk(dir, prefix);
  return found;
}
