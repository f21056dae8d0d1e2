import path from "node:path";
import { compareText, createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { type HeadersConfig, renderHeaders } from "../outputs/headers.js";
import { manifestFromOutputs, manifestPath } from "../outputs/manifest-file.js";
import { bucketListFile } from "../search/search-outputs.js";
import { outputLockFile } from "../write/build-lock.js";
import { checkOutDir } from "../write/check-out-dir.js";
import { describeWriteFailure } from "../write/describe-write-failure.js";
import { acquireLock, LockBusyError } from "../write/lock-file.js";
import type { OutputFile } from "../write/output-file.js";
import { createOutputWriter, type WrittenFile } from "../write/output-writer.js";
import { checkShards } from "./check-shards.js";
import { readShardFolder, type ShardFolder } from "./read-shard.js";

/** What `newsdeck merge` is given. */
export interface MergeOptions {
  /** The shards' folders, as the command line gave them (relative to `cwd` or absolute). */
  readonly shards: readonly string[];
  /** The output folder. */
  readonly outDir: string;
  /** Where relative paths start, and the folder the output may not overwrite. */
  readonly cwd: string;
}

/** What a merge did. */
export interface MergeResult {
  /** 0 merged, 1 refused (shards or their files), 2 usage (the output folder, a lock). */
  readonly exitCode: 0 | 1 | 2;
  readonly diagnostics: readonly Diagnostic[];
  readonly outDir: string;
  /** Every file of the merged site with its hash and size (empty when refused). */
  readonly files: ReadonlyMap<string, WrittenFile>;
  /** The shards merged, in shard order. */
  readonly shards: readonly ShardFolder[];
}

/**
 * Merges the shards of one build into the output folder: the site a one-machine build of the
 * same commit, options and `--now` writes, byte for byte. Reads and checks every shard first
 * (see `read-shard.ts`, `check-shards.ts`) and refuses, writing nothing, shards of different
 * builds, engines or shard counts, and missing or doubled shards. Then copies every shard's
 * files (each checked against the hash its shard listed), writes the whole site's `_headers`,
 * search bucket list and deploy manifest from all of them, and swaps the result in place of the
 * output folder:
 * the output folder changes only when everything is in, as after a build.
 */
export async function mergeShards(options: MergeOptions): Promise<MergeResult> {
  const outDir = path.resolve(options.cwd, options.outDir);
  const refuse = (diagnostics: readonly Diagnostic[], exitCode: 1 | 2 = 1): MergeResult => ({
    exitCode,
    diagnostics,
    outDir,
    files: new Map(),
    shards: [],
  });
  const read = await Promise.all(
    options.shards.map((shown) => readShardFolder(path.resolve(options.cwd, shown), shown)),
  );
  const unreadable = read.filter((folder): folder is Diagnostic => "code" in folder);
  if (unreadable.length > 0) return refuse(unreadable);
  const folders = read as ShardFolder[];
  const mismatched = checkShards(folders);
  if (mismatched.length > 0) return refuse(mismatched);
  const shards = [...folders].sort((a, b) => a.manifest.shard.index - b.manifest.shard.index);
  const site = (shards[0] as ShardFolder).manifest.site;
  const config = site.config as unknown as HeadersConfig;

  // Every path once: two shards writing one path is two outputs claiming it.
  const owners = new Map<string, ShardFolder>();
  const clashes: Diagnostic[] = [];
  for (const shard of shards) {
    for (const file of Object.keys(shard.files)) {
      const other = owners.get(file);
      if (other) clashes.push(twoClaims(file, other, shard));
      else owners.set(file, shard);
    }
  }
  if (clashes.length > 0) return refuse(clashes);
  const paths = [...owners.keys()].sort(compareText);
  // The search index's bucket list names every shard's buckets.
  const made = shards[0]?.manifest.search
    ? [
        bucketListFile(
          shards
            .flatMap((shard) => Object.entries(shard.manifest.search ?? {}))
            .sort((a, b) => compareText(a[0], b[0])),
        ),
      ]
    : [];
  const publicPaths = new Set(site.publicPaths);
  const headers = renderHeaders({
    config,
    paths: [...paths, ...made.map((file) => file.path)],
    publicPaths,
    siteHeaders:
      site.siteHeaders === null ? undefined : { text: site.siteHeaders, file: "public/_headers" },
  });
  if (headers.diagnostics.some((d) => d.severity === "error")) return refuse(headers.diagnostics);

  const unsafe = checkOutDir(options.cwd, outDir);
  if (unsafe) return refuse([unsafe], 2);
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(outputLockFile(outDir), { purpose: "build", waitMs: () => 0 });
  } catch (error) {
    if (!(error instanceof LockBusyError)) throw error;
    const owner = error.owner
      ? `pid ${error.owner.pid} (${error.owner.command})`
      : "another process";
    return refuse(
      [
        createDiagnostic(
          "BuildLocked",
          `the output folder ${options.outDir} is in use by ${owner}`,
          {
            file: path.relative(options.cwd, error.file),
            phase: "write",
            hint: "wait for it to finish, then merge",
          },
        ),
      ],
      2,
    );
  }
  try {
    const written = await writeMerged(outDir, paths, owners, [...made, headers.file], {
      baseUrl: site.baseUrl,
      publicPaths,
      config,
    });
    if ("refused" in written) return refuse(written.refused);
    return {
      exitCode: 0,
      diagnostics: headers.diagnostics,
      outDir,
      files: written.files,
      shards,
    };
  } catch (error) {
    const failure = describeWriteFailure(error, options.cwd);
    if (!failure) throw error;
    return refuse([failure]);
  } finally {
    lock.release();
  }
}

/**
 * Copies every shard's files into a staging folder beside the output folder, checking each
 * against its shard's hash, adds the files made here (`_headers`, the search bucket list) and
 * the deploy manifest, and commits; aborts,
 * leaving the output folder as it was, when a file is missing or changed.
 */
async function writeMerged(
  outDir: string,
  paths: readonly string[],
  owners: ReadonlyMap<string, ShardFolder>,
  made: readonly OutputFile[],
  manifest: Omit<Parameters<typeof manifestFromOutputs>[0], "outputs">,
): Promise<
  { readonly files: ReadonlyMap<string, WrittenFile> } | { readonly refused: Diagnostic[] }
> {
  const writer = await createOutputWriter(outDir, undefined, outDir, { incremental: false });
  const changed: Diagnostic[] = [];
  try {
    for (const file of paths) {
      const shard = owners.get(file) as ShardFolder;
      try {
        await writer.write({ path: file, copyFrom: path.join(shard.dir, file) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        changed.push(fileChanged(shard, file, "is missing"));
      }
    }
    for (const file of made) await writer.write(file);
    const written = await writer.written();
    for (const file of paths) {
      const shard = owners.get(file) as ShardFolder;
      const listed = shard.files[file];
      const found = written.get(file);
      if (found && listed && (found.hash !== listed.sha256 || found.size !== listed.size))
        changed.push(fileChanged(shard, file, "has changed since the shard was built"));
    }
    if (changed.length > 0) {
      await writer.abort();
      return { refused: changed };
    }
    await writer.write(manifestFromOutputs({ ...manifest, outputs: written }));
    await writer.finish();
    const files = await writer.written();
    await writer.commit();
    return { files };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** A file a shard listed that is not what it wrote. */
function fileChanged(shard: ShardFolder, file: string, what: string): Diagnostic {
  return createDiagnostic("ShardInvalid", `${file}, which this shard wrote, ${what}`, {
    file: `${shard.shown}/${file}`,
    phase: "write",
    hint: "build this shard again (newsdeck build --shard K/N), then merge",
  });
}

/** Two shards wrote one path (a page over a file of `public/`, say). */
function twoClaims(file: string, first: ShardFolder, second: ShardFolder): Diagnostic {
  return createDiagnostic(
    "DuplicateUrl",
    `two outputs claim /${file}: shards ${first.manifest.shard.index} and ${second.manifest.shard.index} both wrote it`,
    {
      file: `${second.shown}/${manifestPath}`,
      phase: "write",
      hint: "give one of them another URL, and build the shards again",
    },
  );
}
