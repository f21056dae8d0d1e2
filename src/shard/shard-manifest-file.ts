import { randomUUID } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ShardManifest } from "./shard-manifest.js";

/** Where a shard's manifest is, relative to its folder. */
export const shardManifestPath = ".newsdeck/shard.json";

/** Writes a shard's manifest into its folder: to a temporary file, renamed into place. */
export function writeShardManifest(dir: string, manifest: ShardManifest): void {
  const file = path.join(dir, shardManifestPath);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Removes a shard's manifest: the folder is no longer a finished shard until one is written. */
export function removeShardManifest(dir: string): void {
  rmSync(path.join(dir, shardManifestPath), { force: true });
}
