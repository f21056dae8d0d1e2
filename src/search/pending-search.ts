import type { LazyTable } from "../cache/lazy-table.js";
import { encodeSubject, type Subject } from "../plan/subject.js";
import { bucketOfSubject, searchBucketSubject, searchListSubject } from "./search-outputs.js";

/** How a build treats the search buckets its plan reaches. */
export interface PendingSearchOptions {
  /** Site search is on. */
  readonly enabled: boolean;
  /** Every output renders in this build. */
  readonly everything: boolean;
  /** Leave the buckets for a later build (`newsdeck dev`, where a saved story should show at once). */
  readonly defer: boolean;
}

/**
 * Re-indexing a search bucket costs up to seconds (Pagefind indexes the whole bucket again; an
 * older story's is its month's), while the page a writer just saved takes milliseconds. A build
 * that defers search leaves the buckets its change reaches as they were and records them in the
 * state's `searchPending` table; the next build that does not defer re-indexes them with
 * whatever it renders itself, so its output is again exactly a clean build's. Returns the plan's
 * subjects and how many buckets now wait.
 */
export function settlePendingSearch(
  render: ReadonlyMap<string, Subject>,
  pending: LazyTable<string>,
  options: PendingSearchOptions,
): { render: Map<string, Subject>; pending: number } {
  const subjects = new Map(render);
  if (!options.enabled || options.everything) {
    // Every bucket renders (or search is off and its files go): nothing waits any more.
    for (const name of [...pending.keys()]) pending.set(name, undefined);
    return { render: subjects, pending: 0 };
  }
  if (options.defer) {
    for (const [key, subject] of render) {
      const name = bucketOfSubject(subject);
      if (name === undefined) continue;
      subjects.delete(key);
      pending.set(name, "");
    }
    return { render: subjects, pending: pending.size };
  }
  const waiting = [...pending.keys()];
  for (const name of waiting) {
    const subject = searchBucketSubject(name);
    subjects.set(encodeSubject(subject), subject);
    pending.set(name, undefined);
  }
  if (waiting.length > 0) subjects.set(encodeSubject(searchListSubject), searchListSubject);
  return { render: subjects, pending: 0 };
}

/**
 * The plan without the search index (a check's): its buckets and their list. Pagefind validates
 * nothing of the site's, and with search on the index is about two fifths of a check of a whole
 * archive (56.5 s with it, 34.7 s without, at 10,000 stories).
 */
export function withoutSearchIndex(render: ReadonlyMap<string, Subject>): Map<string, Subject> {
  const list = encodeSubject(searchListSubject);
  return new Map(
    [...render].filter(([key, subject]) => key !== list && bucketOfSubject(subject) === undefined),
  );
}
