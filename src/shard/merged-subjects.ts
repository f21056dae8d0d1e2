import { encodeSubject } from "../plan/subject.js";
import { searchListSubject } from "../search/search-outputs.js";

/**
 * Subjects no shard makes, by encoded form: the site-wide files that need every other output
 * (`_headers` and the deploy manifest list every path; the search index's bucket list names
 * every bucket's entry file by hash). `newsdeck merge` writes them from all the shards.
 */
export const mergedSubjects: ReadonlySet<string> = new Set([
  "headers",
  "manifest",
  encodeSubject(searchListSubject),
]);
