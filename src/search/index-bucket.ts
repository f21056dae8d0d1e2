import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PagefindIndex } from "pagefind";
import type { PagefindRecord } from "./search-record.js";
import { sentinelSortValue, sortKey } from "./search-record.js";

/** A file of a Pagefind bundle, relative to the bundle's folder. */
export interface BundleFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/** Pagefind failed: its messages, for a diagnostic. */
export class SearchIndexError extends Error {
  override readonly name = "SearchIndexError";
}

/** The files of Pagefind's browser runtime, which only the primary bundle carries. */
const runtimeFile = /^(?:pagefind\.js|pagefind-worker\.js|wasm\.[a-z-]+\.pagefind)$/;
/** The index proper, which every bundle carries. */
const indexFile =
  /^(?:pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(?:index|fragment|filter)\/[^/]+\.pf_(?:index|fragment|filter))$/;

/**
 * The record every bundle starts with: one made-up word, no filters, and a sort value below
 * every real one. With a sort, Pagefind scores a result by its position in the bundle's sort
 * order, from 0; the sentinel takes position 0, so every real result's position is at least 1,
 * and the browser can tell which bundle it came from (see `templates/assets/search.js`).
 * Pagefind drops a record without words, hence the word, which no reader searches for.
 */
function sentinelRecord(language: string): PagefindRecord {
  return {
    url: "/",
    content: sentinelWord,
    language,
    meta: {},
    filters: {},
    sort: { [sortKey]: sentinelSortValue },
  };
}

/** The sentinel's only word. */
const sentinelWord = "newsdeckbucketsentinel";

type Pagefind = typeof import("pagefind");

let users = 0;
/** Pagefind's API, once per service: the package's module, then fresh instances of it. */
const modules: Pagefind[] = [];
/** Services started for the current users, and those of them no index is using. */
let started = 0;
const free: Pagefind[] = [];

/**
 * Keeps Pagefind's services running through `work` (a build's rendering, in which buckets come
 * one after another), and stops them when the last user is done, so no build leaves one running
 * and builds in one process (tests, `newsdeck dev`) may overlap.
 */
export async function holdPagefind<T>(work: () => Promise<T>): Promise<T> {
  users++;
  try {
    return await work();
  } finally {
    users--;
    if (users === 0) {
      free.length = 0;
      const running = modules.slice(0, started);
      started = 0;
      await Promise.all(running.map((pagefind) => pagefind.close()));
    }
  }
}

/**
 * Runs `work` with a Pagefind service of its own: Pagefind's Node API starts its indexing
 * binary on first use and handles one message at a time, so indexes made at once (buckets on
 * a machine with cores to spare) each get another service, a process of its own.
 */
export async function withPagefind<T>(work: (pagefind: Pagefind) => Promise<T>): Promise<T> {
  return holdPagefind(async () => {
    const pagefind = free.pop() ?? (await startService());
    try {
      return await work(pagefind);
    } finally {
      free.push(pagefind);
    }
  });
}

/**
 * Another service: the first is the package's module; each further one a fresh instance of the
 * same module file (a query makes Node load it again), whose binary is a process of its own.
 */
async function startService(): Promise<Pagefind> {
  const index = started++;
  modules[index] ??=
    index === 0
      ? await import("pagefind")
      : ((await import(`${pagefindModuleUrl()}?service=${index}`)) as Pagefind);
  return modules[index] as Pagefind;
}

let moduleUrl: string | undefined;

/** The URL of the module `import("pagefind")` loads, found as Node finds the package. */
function pagefindModuleUrl(): string {
  if (moduleUrl) return moduleUrl;
  const manifest = findPagefindManifest();
  if (!manifest) throw new SearchIndexError("Pagefind's package is not installed");
  const exported = (
    JSON.parse(readFileSync(manifest, "utf8")) as {
      exports: { ".": { import: string } };
    }
  ).exports["."].import;
  moduleUrl = pathToFileURL(path.join(path.dirname(manifest), exported)).href;
  return moduleUrl;
}

/**
 * `package.json` of the nearest `node_modules/pagefind` from this module up (where Node finds
 * the package; it exports no `package.json` to resolve).
 */
export function findPagefindManifest(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", "pagefind", "package.json");
    if (existsSync(manifest)) return manifest;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Indexes `records` as one Pagefind bundle and returns its files: the index for every bundle,
 * and Pagefind's browser runtime too for the primary one. Each record goes to Pagefind as soon
 * as it is made, so Pagefind indexes while the next ones are read; they are sent in order
 * (Pagefind's service handles its messages one at a time), which with Pagefind's own content
 * hashing makes the same records give byte-identical files. Pagefind's failures are
 * {@link SearchIndexError}s; an error making a record is the caller's, and goes through as it is.
 */
export async function indexBucket(
  pagefind: Pagefind,
  records: AsyncIterable<PagefindRecord> | Iterable<PagefindRecord>,
  options: { readonly language: string; readonly primary: boolean },
): Promise<BundleFile[]> {
  const created = await fromPagefind(() =>
    pagefind.createIndex({ forceLanguage: options.language }),
  );
  const index = created.index;
  if (!index) throw new SearchIndexError(created.errors.join("; ") || "Pagefind did not start");
  try {
    const added = [addRecord(index, sentinelRecord(options.language))];
    for await (const record of records) {
      const adding = addRecord(index, record);
      // Awaited below, with the others; until then a failure must not count as unhandled.
      adding.catch(() => {});
      added.push(adding);
    }
    await Promise.all(added);
    const { errors, files } = await fromPagefind(() => index.getFiles());
    if (errors.length > 0) throw new SearchIndexError(errors.join("; "));
    return files
      .filter(
        (file) => indexFile.test(file.path) || (options.primary && runtimeFile.test(file.path)),
      )
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } finally {
    await fromPagefind(() => index.deleteIndex());
  }
}

async function addRecord(index: PagefindIndex, record: PagefindRecord): Promise<void> {
  const { errors } = await fromPagefind(() => index.addCustomRecord(record));
  if (errors.length > 0) throw new SearchIndexError(`${record.url}: ${errors.join("; ")}`);
}

/**
 * Pagefind's service fails by rejecting (its binary is missing, or it stopped): a
 * {@link SearchIndexError}, which the build reports as a diagnostic.
 */
async function fromPagefind<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SearchIndexError(error instanceof Error ? error.message : String(error));
  }
}
