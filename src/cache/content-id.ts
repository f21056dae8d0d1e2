import { createHash } from "node:crypto";
import type { Stats } from "node:fs";

/**
 * The identity of a file's bytes: git's blob id (SHA-1 of `blob <size>\0<bytes>`) followed by
 * the size, `<40 hex>:<size>`. Computed the way git computes it, so that the id git keeps in
 * its index for a checked-out file can stand in for reading the file (see `git-index.ts`); the
 * size is part of it so that a checkout whose line endings git converted is never taken for
 * the bytes it was converted from.
 */
export function contentId(bytes: Uint8Array): string {
  const hash = createHash("sha1");
  hash.update(`blob ${bytes.byteLength}\0`);
  hash.update(bytes);
  // Joined, not a template, for a string in one piece (see statSignature).
  return [hash.digest("hex"), bytes.byteLength].join(":");
}

/** The id {@link contentId} gives a file git describes with this object id and size. */
export function gitContentId(objectId: string, size: number): string {
  return [objectId, size].join(":");
}

/**
 * What a file's metadata says about its bytes without reading them: modification and change
 * times, size and inode, `mtime:ctime:size:ino`. Equal signatures mean unchanged bytes, as git
 * and make assume, except for a file modified again within the clock's resolution of the moment
 * it was recorded; {@link isRacy} tells which recorded signatures cannot be trusted for that.
 */
export function statSignature(stats: Stats): string {
  // Joined, not a template: a template's string is a tree of its parts (226 bytes here against
  // 64), and a build keeps one of these for every source file.
  return [stats.mtimeMs, stats.ctimeMs, stats.size, stats.ino].join(":");
}

/**
 * How close to a recording a file's change may be before its signature proves nothing: a file
 * written again in the same clock tick keeps its modification time (git's "racy clean" entries).
 * Two seconds also covers file systems that keep whole seconds.
 */
const racyWindowMs = 2000;

/** True when a file changed so shortly before `recordedAt` that its signature must not be trusted. */
export function isRacy(stats: Pick<Stats, "mtimeMs" | "ctimeMs">, recordedAt: number): boolean {
  return recordedAt - Math.max(stats.mtimeMs, stats.ctimeMs) < racyWindowMs;
}
