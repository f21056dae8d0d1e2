import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { serveStatic } from "../browser/serve-static.js";

/** A search result as Pagefind's own browser code returns it, its data loaded. */
export interface FoundResult {
  readonly url: string;
  readonly meta: Record<string, string>;
  readonly excerpt: string;
  readonly filters: Record<string, string[]>;
}

/** A built site's search index, read as the search page reads it. */
export interface SearchIndexReader {
  /** Every result for `term` (filters as Pagefind takes them), best first, sentinels left out. */
  search(term: string, filters?: Record<string, string>): Promise<FoundResult[]>;
  /** Filter values and counts over the whole index. */
  filters(): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

interface PagefindModule {
  createInstance(options: Record<string, unknown>): {
    init(): Promise<void>;
    mergeIndex(path: string, options: Record<string, unknown>): Promise<void>;
    search(
      term: string,
      options: Record<string, unknown>,
    ): Promise<{ results: { data(): Promise<FoundResult> }[] }>;
    filters(): Promise<Record<string, Record<string, number>>>;
    destroy(): Promise<void>;
  };
}

/**
 * Serves `outDir` on a free port and runs the site's own `pagefind/pagefind.js` in Node (Pagefind
 * searches in this thread where there are no web workers), merging every bucket listed in
 * `pagefind/newsdeck-buckets.json` as the search page does: the index is read over HTTP from
 * the built files, the way a reader's browser reads it.
 */
export async function openSearchIndex(outDir: string): Promise<SearchIndexReader> {
  const server = await serveStatic(outDir);
  try {
    const bundle = `${server.origin}/pagefind/`;
    const list = JSON.parse(
      await readFile(path.join(outDir, "pagefind", "newsdeck-buckets.json"), "utf8"),
    ) as { buckets: { path: string }[] };
    const pagefind = (await import(
      pathToFileURL(path.join(outDir, "pagefind", "pagefind.js")).href
    )) as PagefindModule;
    const instance = pagefind.createInstance({ basePath: bundle, baseUrl: "/" });
    await instance.init();
    for (const bucket of list.buckets.slice(1)) {
      await instance.mergeIndex(`${bundle}${bucket.path}`, { baseUrl: "/" });
    }
    return {
      async search(term, filters = {}) {
        const { results } = await instance.search(term, { filters });
        const found = await Promise.all(results.map((result) => result.data()));
        return found.filter((result) => result.meta.kind !== undefined);
      },
      filters: () => instance.filters(),
      async close() {
        await instance.destroy();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Every file of the search index, decompressed where Pagefind compressed it, by output path. */
export async function readIndexFiles(outDir: string): Promise<Map<string, Buffer>> {
  const folder = path.join(outDir, "pagefind");
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    files.set(
      path.relative(outDir, file).split(path.sep).join("/"),
      gzipped ? gunzipSync(bytes) : bytes,
    );
  }
  return files;
}
