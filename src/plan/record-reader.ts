import path from "node:path";
import type { SourceLoader } from "../content/load-sources.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { Article } from "../site/model.js";

/** The validated articles pages show, from the record store. */
export interface RecordReader {
  /** The record of an entry; throws {@link RecordMissingError} when the store lost it. */
  readonly get: (entry: ArticleEntry) => Article;
  /** Validates a lost record again; true when `error` was one and it is back. */
  readonly recover: (error: unknown) => Promise<boolean>;
}

/** A page needed an article whose validated record is not in the store (a damaged cache). */
export class RecordMissingError extends Error {
  readonly entry: ArticleEntry;
  constructor(entry: ArticleEntry) {
    super(`its validated record of ${entry.file} is missing or damaged`);
    this.entry = entry;
  }
}

/**
 * Reads records through the loader: from the store, or, for one the store lost (a damaged or
 * deleted chunk), by validating its file again when the page that needs it is retried.
 */
export function recordReader(loader: SourceLoader): RecordReader {
  return {
    get(entry) {
      const record = loader.stored<Article>(entry.file, entry.contentId);
      if (!record?.value) throw new RecordMissingError(entry);
      return record.value;
    },
    async recover(error) {
      if (!(error instanceof RecordMissingError)) return false;
      const { entry } = error;
      const record = await loader.load<Article>("article", {
        file: entry.file,
        absPath: path.join(loader.root, entry.file),
        id: entry.contentId,
      });
      return record.value !== undefined;
    },
  };
}
