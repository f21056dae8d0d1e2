import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "../files/write-file-atomically.js";
import type { ShardManifest } from "./shard-manifest.js";

/** Where a shard's manifest is, relative to its folder. */
export const shardManifestPath = ".newsdeck/shard.json";

/** Writes a shard's manifest into its folder: to a temporary file, renamed into place. */
export function writeShardManifest(dir: string, manifest: ShardManifest): void {
  const file = path.join(dir, shardManifestPath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomically(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Removes a shard's manifest: the folder is no longer a finished shard until one is written. */
export function removeShardManifest(dir: string): void {
  rmSync(path.join(dir, shardManifestPath), { force: true });
}
