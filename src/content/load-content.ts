import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { hashBytes } from "../cache/hash.js";
import type { Diagnostic } from "../errors/diagnostic.js";
import { listFiles } from "../outputs/collect-files.js";
import type { Article, AuthorBio, StaticPage } from "../site/model.js";
import { parseFrontMatter } from "./parse-front-matter.js";
import {
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
 * its metadata, so memory grows with the number of articles, not with their length.
 */
export async function loadContent(
  root: string,
  context: ValidationContext,
): Promise<LoadedContent> {
  const contentDir = path.join(root, "content");
  const [articleFiles, authorFiles, pageFiles] = await Promise.all([
    listFiles(contentDir, ["articles/**/*.md"]),
    listFiles(contentDir, ["authors/*.md"]),
    listFiles(contentDir, ["pages/*.md"]),
  ]);
  const diagnostics: Diagnostic[] = [];
  // Synchronous reads in path order: for many small files this beats the thread pool behind
  // fs.promises (which opens, stats, reads and closes each file in four hops), and keeps order.
  const load = <T>(
    files: string[],
    validate: (source: SourceText) => { value?: T | undefined; diagnostics: readonly Diagnostic[] },
  ): T[] => {
    const values: T[] = [];
    for (const name of files) {
      const absPath = path.join(contentDir, name);
      const bytes = readFileSync(absPath);
      const result = validate({
        file: `content/${name}`,
        absPath,
        hash: hashBytes(bytes),
        text: bytes.toString("utf8"),
      });
      diagnostics.push(...result.diagnostics);
      // structuredClone copies every string: values parsed out of the file are often slices that
      // would otherwise keep the whole file text alive (V8 sliced strings), one per article.
      if (result.value) values.push(structuredClone(result.value));
    }
    return values;
  };

  const articles = load(articleFiles, (source) =>
    validateArticle(source, parseFrontMatter(source.text, source.file), context),
  );
  const authors = load(authorFiles, (source) =>
    validateAuthor(source, parseFrontMatter(source.text, source.file)),
  );
  const pages = load(pageFiles, (source) =>
    validatePage(source, parseFrontMatter(source.text, source.file), context),
  );
  return { articles, authors, pages, diagnostics };
}

/** The real file system check used by builds. */
export function fileExists(absPath: string): boolean {
  return existsSync(absPath);
}
