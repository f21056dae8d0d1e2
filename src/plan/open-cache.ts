import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BodyStore, createBodyStore } from "../cache/body-store.js";
import { BuildState, stateFile } from "../cache/build-state.js";
import { hashBytes } from "../cache/hash.js";
import { RecordStore } from "../cache/record-store.js";
import { manifestPath } from "../outputs/manifest-file.js";
import { interruptedCommit } from "../write/output-writer.js";

/** The build cache as one build uses it. */
export interface OpenCache {
  readonly state: BuildState;
  /** The key of what validating a source reads besides its bytes (records are stored under it). */
  readonly validation: string;
  readonly records: RecordStore;
  readonly bodies: BodyStore;
  /** The state describes nothing usable: every source is loaded and every output rendered. */
  readonly fresh: boolean;
  /**
   * The output folder is what the state's last build left there: a build may render only what
   * changed and leave the rest. False after an interrupted commit, for another folder, or when
   * the folder or its manifest is not the one recorded.
   */
  readonly trusted: boolean;
  /** Why a state file on disk was ignored, when it was. */
  readonly ignored?: string | undefined;
  /** Where the state is saved (undefined for a session's state kept in memory, or a check). */
  readonly file?: string | undefined;
  /**
   * Where a large build may save the state's chunks before it commits, to let go of their lines:
   * beside the state file, or for a session's preview in the session's own folder; undefined
   * for a check.
   */
  readonly chunkFile?: string | undefined;
  /** Removes a check's temporary body store. */
  dispose(): void;
}

/** What opening the cache needs. */
export interface OpenCacheInput {
  readonly cacheDir: string;
  readonly root: string;
  /** Where the last build's output is found (the output folder, or where dev moved it). */
  readonly outDir: string;
  readonly validation: string;
  /** A check reads the cache and writes nothing to it. */
  readonly readOnly: boolean;
  /** A preview (`newsdeck dev`): its state lives in the session, never on disk. */
  readonly preview: boolean;
  /** A process's states, by cache folder and kind, kept from one build to the next. */
  readonly session?: Map<string, unknown> | undefined;
  /** Why the state must not be used (it counts on records the store lost): a full build. */
  readonly distrust?: string | undefined;
  /** The session's own folder for a preview state's chunks (see `BuildSession.spillDir`). */
  readonly spillDir?: string | undefined;
}

/**
 * Opens `<cacheDir>`: the build state (`state/build.tsv`, or the session's), the record store
 * (`records/`) and the body store (`bodies/`). A check's bodies go to a temporary folder
 * (the persistent store is read as a fallback), so a check writes nothing into the site.
 */
export function openCache(input: OpenCacheInput): OpenCache {
  const file = stateFile(input.cacheDir, input.preview);
  const sessionKey = `${input.cacheDir}\u0000${input.preview}`;
  const kept = input.session?.get(sessionKey) as BuildState | undefined;
  let state = input.distrust
    ? BuildState.empty(input.distrust)
    : (kept ?? (input.preview ? BuildState.empty() : BuildState.read(file)));
  const ignored = state.ignored;
  let fresh = !state.meta;
  if (
    state.meta &&
    (state.meta.validation !== input.validation || state.meta.root !== input.root)
  ) {
    state = BuildState.empty();
    fresh = true;
  }
  if (input.session && !input.readOnly) input.session.set(sessionKey, state);
  const persistent = createBodyStore(path.join(input.cacheDir, "bodies"));
  const temp = input.readOnly ? mkdtempSync(path.join(tmpdir(), "newsdeck-check-")) : undefined;
  const bodies = temp ? createBodyStore(temp, [persistent]) : persistent;
  const records = new RecordStore(path.join(input.cacheDir, "records"), {
    readOnly: input.readOnly,
  });
  return {
    state,
    validation: input.validation,
    records,
    bodies,
    fresh,
    trusted: !fresh && outputTrusted(state, input.outDir),
    ignored,
    file: input.preview || input.readOnly ? undefined : file,
    chunkFile: input.readOnly
      ? undefined
      : input.preview
        ? input.spillDir && path.join(input.spillDir, path.basename(file))
        : file,
    dispose() {
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}

/**
 * Whether the output folder holds what the state's last build wrote there: the same folder,
 * no interrupted commit, and the deploy manifest the state recorded (compared by size and time,
 * else by hash: a restored CI cache keeps times, a copied folder may not).
 */
function outputTrusted(state: BuildState, outDir: string): boolean {
  const meta = state.meta;
  if (!meta || meta.outDir !== path.resolve(outDir) || !existsSync(outDir)) return false;
  if (interruptedCommit(outDir)) return false;
  const manifest = path.join(outDir, manifestPath);
  const stats = statSync(manifest, { throwIfNoEntry: false });
  if (!stats || !meta.manifest || stats.size !== meta.manifest.size) return false;
  if (stats.mtimeMs === meta.manifest.mtimeMs) return true;
  return hashBytes(readFileSync(manifest)) === meta.manifest.hash;
}
