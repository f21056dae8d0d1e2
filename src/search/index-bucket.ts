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

let users = 0;
let service: typeof import("pagefind") | undefined;

/**
 * Runs `work` with Pagefind's Node API, which starts its indexing binary on first use. The
 * binary is one service for the whole process; it is stopped when the last user is done, so no
 * build leaves it running and builds in one process (tests, `newsdeck dev`) may overlap.
 */
export async function withPagefind<T>(
  work: (pagefind: typeof import("pagefind")) => Promise<T>,
): Promise<T> {
  users++;
  try {
    service ??= await import("pagefind");
    return await work(service);
  } finally {
    users--;
    if (users === 0) await service?.close();
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
  pagefind: typeof import("pagefind"),
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
