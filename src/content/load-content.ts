import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { engineVersion } from "../cache/engine-version.js";
import { hashBytes, hashKey } from "../cache/hash.js";
import type { Probe, SourceCache } from "../cache/source-cache.js";
import type { Diagnostic } from "../errors/diagnostic.js";
import { collectEvery } from "../memory/collect-garbage.js";
import { listFiles } from "../outputs/collect-files.js";
import type { Article, AuthorBio, StaticPage } from "../site/model.js";
import { parseFrontMatter } from "./parse-front-matter.js";
import {
  realPath,
  type SourceText,
  type ValidationContext,
  validateArticle,
  validateAuthor,
  validatePage,
} from "./validate-article.js";

/** Every validated source of a site, in path order, and the problems found in them. */
export interface LoadedContent {
  readonly articles: readonly Article[];
  readonly authors: readonly AuthorBio[];
  readonly pages: readonly StaticPage[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads and validates `content/`: each file is read, split, validated and dropped, keeping only
 * its metadata, so memory grows with the number of articles, not with their length. With a
 * `cache`, a file whose bytes, path and config are unchanged (and whose images are still where
 * they were) takes its validated metadata and diagnostics from it instead of being parsed again.
 */
export async function loadContent(
  root: string,
  context: ValidationContext,
  cache?: SourceCache,
): Promise<LoadedContent> {
  const contentDir = path.join(root, "content");
  const [articleFiles, authorFiles, pageFiles] = await Promise.all([
    listFiles(contentDir, ["articles/**/*.md"]),
    listFiles(contentDir, ["authors/*.md"]),
    listFiles(contentDir, ["pages/*.md"]),
  ]);
  const diagnostics: Diagnostic[] = [];
  const contextKey = hashKey(engineVersion, context.config, context.root);
  const fileExists = context.fileExists;
  const resolve = context.realPath ?? realPath;
  const answer = (probe: Probe): boolean =>
    probe[0] === "exists" ? fileExists(probe[1]) === probe[2] : resolve(probe[1]) === probe[2];
  const collect = collectEvery();
  // Synchronous reads in path order: for many small files this beats the thread pool behind
  // fs.promises (which opens, stats, reads and closes each file in four hops), and keeps order.
  const load = <T>(
    files: string[],
    validate: (
      source: SourceText,
      context: ValidationContext,
    ) => { value?: T | undefined; diagnostics: readonly Diagnostic[] },
  ): T[] => {
    const values: T[] = [];
    for (const name of files) {
      collect();
      const absPath = path.join(contentDir, name);
      const file = `content/${name}`;
      const bytes = readFileSync(absPath);
      const hash = hashBytes(bytes);
      const key = hashKey(contextKey, file, hash);
      const cached = cache?.get(file, key, answer);
      if (cached) {
        diagnostics.push(...cached.diagnostics);
        if (cached.value) values.push(cached.value as T);
        continue;
      }
      const probes: Probe[] = [];
      const result = validate(
        { file, absPath, hash, text: bytes.toString("utf8") },
        {
          ...context,
          fileExists: (p) => {
            const exists = fileExists(p);
            probes.push(["exists", p, exists]);
            return exists;
          },
          realPath: (p) => {
            const real = resolve(p);
            probes.push(["realpath", p, real]);
            return real;
          },
        },
      );
      diagnostics.push(...result.diagnostics);
      // structuredClone copies every string: values parsed out of the file are often slices that
      // would otherwise keep the whole file text alive (V8 sliced strings), one per article.
      const value = result.value ? structuredClone(result.value) : undefined;
      if (value) values.push(value);
      cache?.set(file, { key, probes, result: { value, diagnostics: result.diagnostics } });
    }
    return values;
  };

  const articles = load(articleFiles, (source, probing) =>
    validateArticle(source, parseFrontMatter(source.text, source.file), probing),
  );
  const authors = load(authorFiles, (source) =>
    validateAuthor(source, parseFrontMatter(source.text, source.file)),
  );
  const pages = load(pageFiles, (source, probing) =>
    validatePage(source, parseFrontMatter(source.text, source.file), probing),
  );
  return { articles, authors, pages, diagnostics };
}

/** The real file system check used by builds. */
export function fileExists(absPath: string): boolean {
  return existsSync(absPath);
}
