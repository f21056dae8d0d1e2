import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { hashBytes } from "../cache/hash.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { type DeployManifest, parseManifest } from "../outputs/manifest.js";
import { manifestPath } from "../outputs/manifest-file.js";
import { interruptedCommit } from "../write/output-writer.js";
import { parseShardManifest, type ShardManifest } from "./shard-manifest.js";
import { shardManifestPath } from "./shard-manifest-file.js";

/** A finished shard's folder, as a merge reads it. */
export interface ShardFolder {
  /** Absolute path. */
  readonly dir: string;
  /** As the command line gave it, for messages. */
  readonly shown: string;
  readonly manifest: ShardManifest;
  /** Its manifest's text, to locate fields in messages. */
  readonly text: string;
  /** Every file of the shard, with its SHA-256 and size (its deploy manifest). */
  readonly files: DeployManifest["files"];
}

/**
 * Reads a shard's folder: its shard manifest, and the deploy manifest that lists its files,
 * which must be the one the shard manifest names by hash. Refuses, with one located line, a
 * folder that is not a finished shard: no shard manifest (its build failed or did not finish),
 * an interrupted commit, or a file list changed since.
 */
export async function readShardFolder(
  dir: string,
  shown: string,
): Promise<ShardFolder | Diagnostic> {
  const manifestFile = path.join(shown, shardManifestPath);
  const refuse = (message: string, hint: string, file = manifestFile) =>
    createDiagnostic("ShardInvalid", message, { file, phase: "write", hint });
  const rebuild = "build this shard again (newsdeck build --shard K/N), then merge";
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    return refuse(`${shown} is not a folder`, "pass the folders the shards were built into", shown);
  if (interruptedCommit(dir))
    return refuse(
      `${shown} is not a finished shard: its build was cut short while writing`,
      rebuild,
    );
  let text: string;
  try {
    text = await readFile(path.join(dir, shardManifestPath), "utf8");
  } catch {
    return refuse(
      `${shown} is not a finished shard: it has no ${shardManifestPath} (its build failed, or has not finished)`,
      rebuild,
    );
  }
  let manifest: ShardManifest;
  try {
    manifest = parseShardManifest(text);
  } catch (error) {
    return refuse(`${shardManifestPath} cannot be read: ${(error as Error).message}`, rebuild);
  }
  let listed: Buffer;
  try {
    listed = await readFile(path.join(dir, manifestPath));
  } catch {
    listed = Buffer.alloc(0);
  }
  if (listed.byteLength !== manifest.files.size || hashBytes(listed) !== manifest.files.sha256)
    return refuse(
      `the file list ${manifestPath} is missing or is not the one this shard's build wrote`,
      rebuild,
    );
  // The files themselves are checked against their hashes as the merge copies them.
  return { dir, shown, manifest, text, files: parseManifest(listed.toString("utf8")).files };
}
