import { reservedUrls, servedAs } from "../../site/check-url-clashes.js";
import { urlToOutputPath } from "../../site/check-url-path.js";
import { paginate } from "../../site/paginate.js";

/**
 * Who owns each URL of the site being imported, so that no old URL becomes an alias the build
 * would refuse (two owners of one URL are a `DuplicateUrl` error). URLs are compared in the
 * form they are served from, as the build compares them: `/a`, `/a/` and `/a/index.html` are
 * one page.
 */
export class UrlClaims {
  readonly #owners = new Map<string, string>();

  constructor() {
    for (const url of reservedUrls) this.#owners.set(servedAs(url), "Newsdeck itself");
  }

  /** The owner of a URL, if any. */
  ownerOf(url: string): string | undefined {
    return this.#owners.get(servedAs(url));
  }

  /** Claims a URL for `owner`; false when someone else already has it. */
  claim(url: string, owner: string): boolean {
    const key = servedAs(url);
    const previous = this.#owners.get(key);
    if (previous !== undefined) return previous === owner;
    this.#owners.set(key, owner);
    return true;
  }

  /** Claims a listing's pages (for `count` items) and, unless `feed` is false, its feed. */
  claimListing(url: string, count: number, perPage: number, owner: string, feed: boolean): void {
    for (const page of paginate(Array.from({ length: count }), perPage, url))
      this.claim(page.url, owner);
    if (feed && url.endsWith("/")) this.claim(`${url}feed.xml`, owner);
  }

  /** The output files the claimed URLs are written to (`/a/` -> `a/index.html`). */
  outputPaths(): Set<string> {
    const paths = new Set<string>();
    for (const key of this.#owners.keys()) {
      paths.add(urlToOutputPath(key));
      paths.add(urlToOutputPath(`${key}/`));
    }
    return paths;
  }
}
