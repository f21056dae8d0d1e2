import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { WrittenFile } from "../write/output-writer.js";
import { type BodyStore, createBodyStore } from "./body-store.js";
import { type BodyInfo, readBuildIndex, writeBuildIndex } from "./build-index.js";
import type { PreviousOutput } from "./page-cache.js";
import { scheduleFileName, writeSchedule } from "./schedule-file.js";

/** The persistent build cache as one build uses it. */
export interface BuildCacheSession {
  readonly store: BodyStore;
  /** Body facts from earlier builds, by body key. */
  readonly known: ReadonlyMap<string, BodyInfo>;
  /** What the last build wrote into this build's output folder. */
  readonly previous: ReadonlyMap<string, PreviousOutput>;
  /** Set when the cache was unusable and ignored. */
  readonly notice?: Diagnostic | undefined;
  /** Where `save` writes `schedule.json`; undefined in a read-only session, which writes nothing. */
  readonly scheduleFile: string | undefined;
  /** Records this build's results, drops bodies no longer used (not in read-only sessions). */
  save(result: CacheResult): Promise<void>;
  /** Removes the temporary store of a read-only session. */
  dispose(): Promise<void>;
}

/** What a successful build leaves for the next one. */
export interface CacheResult {
  readonly bodies: ReadonlyMap<string, BodyInfo>;
  readonly pageKeys: ReadonlyMap<string, string>;
  readonly written: ReadonlyMap<string, WrittenFile>;
  /** The text of `schedule.json` (`formatSchedule`), for CI: kept here, never in the output. */
  readonly schedule: string;
}

/**
 * Opens `<root>/<build.cacheDir>` (default `.newsdeck-cache/`): `index.json` (body facts and what
 * the last build wrote where; a preview's is `dev-index.json`), `bodies/` (rendered HTML per body key) and `schedule.json` (the
 * last successful build's next publishing change, for CI). CI may persist the folder between
 * runs; it is only ever an optimisation: a build with any cache, or none, writes the same bytes.
 * A read-only session (`newsdeck check`) reads it but writes its own bodies to a temporary
 * folder, removed afterwards, so a check writes nothing into the site (no schedule either).
 */
export async function openBuildCache(options: {
  readonly cacheDir: string;
  readonly outDir: string;
  readonly readOnly: boolean;
  /** Path of the cache folder as the user should see it in messages. */
  readonly displayDir: string;
  /**
   * A preview (`newsdeck dev`: drafts and scheduled stories shown) keeps its own index and no
   * schedule, so it never displaces what the production build recorded. Bodies are shared.
   */
  readonly preview?: boolean | undefined;
}): Promise<BuildCacheSession> {
  const indexName = options.preview ? "dev-index.json" : undefined;
  const read = await readBuildIndex(options.cacheDir, indexName);
  const index = read.index;
  const persistent = createBodyStore(path.join(options.cacheDir, "bodies"));
  const temp = options.readOnly ? await mkdtemp(path.join(tmpdir(), "newsdeck-check-")) : undefined;
  const store = temp ? createBodyStore(temp, [persistent]) : persistent;
  const known = new Map(Object.entries(index?.bodies ?? {}));
  const previous = new Map<string, PreviousOutput>();
  if (index && index.outDir === options.outDir) {
    for (const [file, [key, hash, size]] of Object.entries(index.outputs))
      previous.set(file, { key, hash, size });
  }
  const notice =
    "ignored" in read && read.ignored
      ? cacheIgnored(`the build cache in ${options.displayDir} was ignored: ${read.ignored}`)
      : undefined;

  return {
    store,
    known,
    previous,
    notice,
    scheduleFile:
      options.readOnly || options.preview
        ? undefined
        : path.join(options.cacheDir, scheduleFileName),
    async save(result) {
      if (options.readOnly) return;
      const outputs = function* () {
        for (const [file, written] of result.written)
          yield [file, [result.pageKeys.get(file) ?? "", written.hash, written.size]] as const;
      };
      const bodyKeys = [...result.bodies.keys()].sort();
      const bodies = function* () {
        for (const key of bodyKeys) yield [key, result.bodies.get(key) as BodyInfo] as const;
      };
      await writeBuildIndex(
        options.cacheDir,
        { bodies: bodies(), outDir: options.outDir, outputs: outputs() },
        indexName,
      );
      for (const key of known.keys()) if (!result.bodies.has(key)) await persistent.remove(key);
      if (!options.preview) await writeSchedule(options.cacheDir, result.schedule);
    },
    async dispose() {
      if (temp) await rm(temp, { recursive: true, force: true });
    },
  };
}

/** The warning for a cache (or part of one) found unusable and ignored. */
export function cacheIgnored(message: string): Diagnostic {
  return createDiagnostic("CacheIgnored", message, {
    phase: "load",
    hint: "nothing to do: this build rebuilds it; delete the folder to silence this",
  });
}
