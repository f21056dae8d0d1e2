import { readFileSync } from "node:fs";
import { hashBytes, hashKey } from "../cache/hash.js";
import type { RecordStore, SourceRecord } from "../cache/record-store.js";
import type { Diagnostic } from "../errors/diagnostic.js";
import type { Article, AuthorBio, StaticPage } from "../site/model.js";
import { decodeUtf8 } from "./decode-utf8.js";
import type { ValidationContext } from "./validate-article.js";

/** One content file to load: where it is, its content id, and its bytes when already read. */
export interface SourceToLoad {
  readonly file: string;
  readonly absPath: string;
  readonly id: string;
  readonly bytes?: Buffer | undefined;
  /**
   * Validate fully even when only the body changed: an image its front matter names changed,
   * so the checks made on it must be made again.
   */
  readonly recheck?: boolean | undefined;
}

/** What the record store keeps of a validated file, besides the value and its problems. */
export interface LoadedRecord<T> extends SourceRecord<T> {
  /** SHA-256 of the file up to its body: equal means the front matter is unchanged. */
  readonly head?: string | undefined;
  /** The summary was taken from the first paragraph, not written in the front matter. */
  readonly derivedSummary?: boolean | undefined;
}

/** What kind of content file a source is. */
export type SourceKind = "article" | "author" | "page";

/**
 * The key a file's record is stored under: the validation context (config parts validation
 * reads, the site root, the engine) plus the file's path and content id.
 */
function sourceKey(validation: string, file: string, id: string): string {
  return hashKey(validation, file, id).slice(0, 40);
}

/**
 * Validates content files, taking what it can from the record store: a file whose record
 * matches its bytes is not read at all; a file whose front matter is byte for byte what was
 * validated before (a body edit) keeps its validated front matter, with only what comes from the
 * body (word count, a summary taken from the first paragraph) read again. Everything else is
 * parsed and validated. Each result is stored back under the file's new key.
 */
export class SourceLoader {
  readonly #records: RecordStore;
  readonly #validation: string;
  readonly #context: ValidationContext;
  #validators: typeof import("./validate-article.js") | undefined;
  #parser: typeof import("./parse-front-matter.js") | undefined;
  #bodyText: typeof import("./body-text.js") | undefined;

  /** The site root. */
  readonly root: string;

  constructor(records: RecordStore, validation: string, context: ValidationContext) {
    this.root = context.root;
    this.#records = records;
    this.#validation = validation;
    this.#context = context;
  }

  /** The stored record of a file with this content id, when there is one. */
  stored<T>(file: string, id: string): LoadedRecord<T> | undefined {
    return this.#records.get<T>(file, sourceKey(this.#validation, file, id)) as
      | LoadedRecord<T>
      | undefined;
  }

  /** Validates (or takes from the store) one file of a kind. */
  async load<T extends Article | AuthorBio | StaticPage>(
    kind: SourceKind,
    source: SourceToLoad,
    previousId?: string | undefined,
  ): Promise<LoadedRecord<T>> {
    const key = sourceKey(this.#validation, source.file, source.id);
    const known = this.#records.get<T>(source.file, key) as LoadedRecord<T> | undefined;
    if (known && !source.recheck) return known;
    const bytes = source.bytes ?? readFileSync(source.absPath);
    const text = decodeUtf8(bytes, source.file);
    if (typeof text !== "string") {
      const failed: LoadedRecord<T> = { diagnostics: [text] };
      this.#records.set(source.file, key, failed);
      return failed;
    }
    const previous =
      previousId === undefined || source.recheck
        ? undefined
        : (this.stored<T>(source.file, previousId) as LoadedRecord<T> | undefined);
    const record =
      (kind === "article" &&
        previous &&
        (await this.#bodyOnly(previous as LoadedRecord<Article>, source, text))) ||
      (await this.#validate<T>(kind, source, text));
    this.#records.set(source.file, key, record);
    return record as LoadedRecord<T>;
  }

  /** Forgets a file that is gone. */
  forget(file: string): void {
    this.#records.delete(file);
  }

  /** A body edit: the previous record with what the body gives made again. */
  async #bodyOnly(
    previous: LoadedRecord<Article>,
    source: SourceToLoad,
    text: string,
  ): Promise<LoadedRecord<Article> | undefined> {
    const value = previous.value;
    if (!value || previous.head === undefined) return undefined;
    if (hashBytes(text.slice(0, value.bodyOffset)) !== previous.head) return undefined;
    const body = text.slice(value.bodyOffset);
    this.#bodyText ??= await import("./body-text.js");
    const { countWords, extractFirstParagraph } = this.#bodyText;
    return {
      ...previous,
      value: {
        ...value,
        hash: source.id,
        wordCount: countWords(body),
        summary: previous.derivedSummary ? extractFirstParagraph(body) : value.summary,
      },
    };
  }

  async #validate<T>(
    kind: SourceKind,
    source: SourceToLoad,
    text: string,
  ): Promise<LoadedRecord<T>> {
    this.#validators ??= await import("./validate-article.js");
    this.#parser ??= await import("./parse-front-matter.js");
    const { validateArticle, validateAuthor, validatePage } = this.#validators;
    const parsed = this.#parser.parseFrontMatter(text, source.file);
    const input = { file: source.file, absPath: source.absPath, hash: source.id, text };
    const result =
      kind === "article"
        ? validateArticle(input, parsed, this.#context)
        : kind === "author"
          ? validateAuthor(input, parsed)
          : validatePage(input, parsed, this.#context);
    // structuredClone copies every string: values parsed out of the file are often slices that
    // would otherwise keep the whole file text alive (V8 sliced strings), one per article.
    const value = result.value ? (structuredClone(result.value) as T) : undefined;
    return {
      value,
      diagnostics: result.diagnostics as Diagnostic[],
      head: value ? hashBytes(text.slice(0, parsed.bodyOffset)) : undefined,
      derivedSummary: kind === "article" && value ? parsed.data.summary === undefined : undefined,
    };
  }
}
