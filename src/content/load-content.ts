import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
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
 * its metadata, so memory grows with the number of articles, not with their length. Files are
 * read concurrently but results keep path order.
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
  const limit = pLimit(32);
  const diagnostics: Diagnostic[] = [];
  const load = <T>(
    files: string[],
    validate: (source: SourceText) => { value?: T | undefined; diagnostics: readonly Diagnostic[] },
  ) =>
    Promise.all(
      files.map((name) =>
        limit(async () => {
          const absPath = path.join(contentDir, name);
          const bytes = await readFile(absPath);
          const source: SourceText = {
            file: `content/${name}`,
            absPath,
            hash: createHash("sha256").update(bytes).digest("hex"),
            text: bytes.toString("utf8"),
          };
          return validate(source);
        }),
      ),
    ).then((results) => {
      const values: T[] = [];
      for (const result of results) {
        diagnostics.push(...result.diagnostics);
        if (result.value) values.push(result.value);
      }
      return values;
    });

  const articles = await load(articleFiles, (source) =>
    validateArticle(source, parseFrontMatter(source.text, source.file), context),
  );
  const authors = await load(authorFiles, (source) =>
    validateAuthor(source, parseFrontMatter(source.text, source.file)),
  );
  const pages = await load(pageFiles, (source) =>
    validatePage(source, parseFrontMatter(source.text, source.file), context),
  );
  return { articles, authors, pages, diagnostics };
}

/** The real file system check used by builds. */
export function fileExists(absPath: string): boolean {
  return existsSync(absPath);
}
