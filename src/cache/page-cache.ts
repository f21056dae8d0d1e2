import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { hashKey } from "./hash.js";

/** A file the previous build wrote into the same output folder. */
export interface PreviousOutput {
  /** Input key of the page that produced it, or "" for files that are not pages. */
  readonly key: string;
  readonly hash: string;
  readonly size: number;
}

/**
 * Decides whether a page can be taken from the previous build: when the hash of everything it
 * is made from (template files, config, its data, its body's key, its images' URLs) equals the
 * key recorded for the same path last time, and that file is still in the output folder with the
 * recorded size. Such a page is neither rendered nor rewritten.
 */
export class PageCache {
  readonly #previous: ReadonlyMap<string, PreviousOutput>;
  readonly #outDir: string;
  readonly #globalKey: string;
  readonly #keys = new Map<string, string>();
  /** Digests of the objects pages share (articles), by object; filled as they are first met. */
  readonly #digests = new Map<object, string | undefined>();

  /**
   * `shared` lists objects that many pages' data hold (an article is on its own page, on its
   * section, tag and author listings, and among other articles' related stories): each is
   * serialised once, and the pages' keys hold its digest in its place.
   */
  constructor(
    outDir: string,
    previous: ReadonlyMap<string, PreviousOutput>,
    globalKey: string,
    shared: Iterable<object> = [],
  ) {
    this.#outDir = outDir;
    this.#previous = previous;
    this.#globalKey = globalKey;
    for (const object of shared) this.#digests.set(object, undefined);
  }

  /** The input key of a page: the build-wide key plus the page's own data. */
  keyOf(outputPath: string, layout: string, data: unknown): string {
    const json = JSON.stringify([this.#globalKey, outputPath, layout, data], this.#replace);
    const key = createHash("sha256").update(json).digest("hex");
    this.#keys.set(outputPath, key);
    return key;
  }

  readonly #replace = (_key: string, value: unknown): unknown => {
    if (typeof value !== "object" || value === null || !this.#digests.has(value)) return value;
    let digest = this.#digests.get(value);
    if (digest === undefined) {
      digest = `\u0000shared:${hashKey(value)}`;
      this.#digests.set(value, digest);
    }
    return digest;
  };

  /** The previous file for `outputPath` when its key matches and it is intact, else undefined. */
  reusable(
    outputPath: string,
    key: string,
  ): (PreviousOutput & { readonly file: string }) | undefined {
    const previous = this.#previous.get(outputPath);
    if (!previous || previous.key !== key) return undefined;
    const file = path.join(this.#outDir, outputPath);
    if (!existsSync(file) || statSync(file).size !== previous.size) return undefined;
    return { ...previous, file };
  }

  /** Page keys computed in this build, by output path. */
  keys(): ReadonlyMap<string, string> {
    return this.#keys;
  }
}
