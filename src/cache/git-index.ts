import { type BigIntStats, existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gitContentId } from "./content-id.js";

/**
 * What git's index knows about the checked-out files of a site: for a file whose metadata still
 * matches what git recorded at checkout (or at the last `git add`), the id of its bytes, without
 * reading them. A CI job starts from a fresh clone, so none of the site's files match the build
 * cache's own record of their metadata; git's index does, and tells which files differ from
 * the commit the cache was built from.
 */
export interface GitIndex {
  /**
   * The content id (see `content-id.ts`) of `rel` (relative to the site root, forward slashes)
   * when git's entry for it matches `stats` exactly and is not racy; undefined otherwise.
   */
  lookup(rel: string, stats: BigIntStats): string | undefined;
  /** How many entries the index has under the site root. */
  readonly size: number;
}

interface Entry {
  readonly ctimeSec: number;
  readonly ctimeNsec: number;
  readonly mtimeSec: number;
  readonly mtimeNsec: number;
  readonly ino: number;
  readonly mode: number;
  readonly size: number;
  readonly objectId: string;
}

/**
 * Reads the index of the git checkout that holds `siteRoot`, or returns undefined when there is
 * none or it is in a form this reader does not trust: SHA-256 repositories, split or sparse
 * indexes, or anything malformed. Index versions 2, 3 and 4 are read.
 */
export function readGitIndex(siteRoot: string): GitIndex | undefined {
  const found = findGitDir(path.resolve(siteRoot));
  if (!found) return undefined;
  const indexFile = path.join(found.gitDir, "index");
  if (!existsSync(indexFile) || usesSha256(found.commonDir)) return undefined;
  let bytes: Buffer;
  let indexMtime: { sec: bigint; nsec: bigint };
  try {
    const stats = statSync(indexFile, { bigint: true });
    indexMtime = { sec: stats.mtimeNs / 1_000_000_000n, nsec: stats.mtimeNs % 1_000_000_000n };
    bytes = readFileSync(indexFile);
  } catch {
    return undefined;
  }
  const prefix = path.relative(found.top, path.resolve(siteRoot)).split(path.sep).join("/");
  const entries = parseEntries(bytes, prefix === "" ? "" : `${prefix}/`);
  if (!entries) return undefined;
  return {
    size: entries.size,
    lookup(rel, stats) {
      const entry = entries.get(rel);
      if (!entry || (entry.mode & 0o170000) !== 0o100000) return undefined;
      const mtimeSec = stats.mtimeNs / 1_000_000_000n;
      const mtimeNsec = stats.mtimeNs % 1_000_000_000n;
      const ctimeSec = stats.ctimeNs / 1_000_000_000n;
      const ctimeNsec = stats.ctimeNs % 1_000_000_000n;
      const matches =
        BigInt(entry.mtimeSec) === mtimeSec &&
        BigInt(entry.mtimeNsec) === mtimeNsec &&
        BigInt(entry.ctimeSec) === ctimeSec &&
        BigInt(entry.ctimeNsec) === ctimeNsec &&
        BigInt(entry.ino) === (stats.ino & 0xffffffffn) &&
        BigInt(entry.size) === (stats.size & 0xffffffffn);
      // Racy: modified in the same tick as the index was written, git itself would re-read it.
      const racy =
        BigInt(entry.mtimeSec) > indexMtime.sec ||
        (BigInt(entry.mtimeSec) === indexMtime.sec && BigInt(entry.mtimeNsec) >= indexMtime.nsec);
      return matches && !racy ? gitContentId(entry.objectId, Number(stats.size)) : undefined;
    },
  };
}

/** The checkout's top folder and git folders (a worktree's `.git` is a file naming them). */
function findGitDir(start: string): { top: string; gitDir: string; commonDir: string } | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    try {
      const stats = statSync(dotGit, { throwIfNoEntry: false });
      if (stats?.isDirectory()) return { top: dir, gitDir: dotGit, commonDir: dotGit };
      if (stats?.isFile()) {
        const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"))?.[1];
        if (!pointer) return undefined;
        const gitDir = path.resolve(dir, pointer);
        const common = path.join(gitDir, "commondir");
        const commonDir = existsSync(common)
          ? path.resolve(gitDir, readFileSync(common, "utf8").trim())
          : gitDir;
        return { top: dir, gitDir, commonDir };
      }
    } catch {
      return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function usesSha256(commonDir: string): boolean {
  try {
    return /objectformat\s*=\s*sha256/i.test(readFileSync(path.join(commonDir, "config"), "utf8"));
  } catch {
    return false;
  }
}

/** Entries under `prefix`, keyed by path relative to it; undefined for an index not to trust. */
function parseEntries(bytes: Buffer, prefix: string): Map<string, Entry> | undefined {
  if (bytes.length < 12 || bytes.toString("latin1", 0, 4) !== "DIRC") return undefined;
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = bytes.readUInt32BE(8);
  const entries = new Map<string, Entry>();
  const prefixBytes = Buffer.from(prefix, "utf8");
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    if (offset + 62 > bytes.length) return undefined;
    const flags = bytes.readUInt16BE(offset + 60);
    offset += 62;
    let extended = 0;
    if (flags & 0x4000) {
      if (version < 3) return undefined;
      extended = bytes.readUInt16BE(offset);
      offset += 2;
    }
    let name: Buffer;
    if (version === 4) {
      const [strip, after] = readOffsetVarint(bytes, offset);
      const end = bytes.indexOf(0, after);
      if (end === -1 || strip > previous.length) return undefined;
      name = Buffer.concat([
        previous.subarray(0, previous.length - strip),
        bytes.subarray(after, end),
      ]);
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end === -1) return undefined;
      name = bytes.subarray(offset, end);
      // NUL padding up to a multiple of eight bytes, at least one.
      offset = start + Math.ceil((end + 1 - start) / 8) * 8;
    }
    previous = name;
    const stage = (flags >> 12) & 0x3;
    const skipWorktree = (extended & 0x4000) !== 0;
    const intentToAdd = (extended & 0x2000) !== 0;
    if (stage !== 0 || skipWorktree || intentToAdd) continue;
    if (!startsWith(name, prefixBytes)) continue;
    entries.set(name.toString("utf8", prefixBytes.length), {
      ctimeSec: bytes.readUInt32BE(start),
      ctimeNsec: bytes.readUInt32BE(start + 4),
      mtimeSec: bytes.readUInt32BE(start + 8),
      mtimeNsec: bytes.readUInt32BE(start + 12),
      ino: bytes.readUInt32BE(start + 20),
      mode: bytes.readUInt32BE(start + 24),
      size: bytes.readUInt32BE(start + 36),
      objectId: bytes.toString("hex", start + 40, start + 60),
    });
  }
  // A split index keeps most entries in another file, a sparse one has folders as entries.
  for (let at = offset; at + 8 <= bytes.length - 20; ) {
    const signature = bytes.toString("latin1", at, at + 4);
    if (signature === "link" || signature === "sdir") return undefined;
    at += 8 + bytes.readUInt32BE(at + 4);
  }
  return entries;
}

/** Git's offset varint (index v4 path compression). */
function readOffsetVarint(bytes: Buffer, at: number): [value: number, next: number] {
  let byte = bytes[at] ?? 0;
  let value = byte & 0x7f;
  let offset = at + 1;
  while (byte & 0x80) {
    byte = bytes[offset++] ?? 0;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return [value, offset];
}

function startsWith(name: Buffer, prefix: Buffer): boolean {
  return (
    name.length >= prefix.length && name.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
  );
}
