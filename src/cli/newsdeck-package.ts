import { readFileSync } from "node:fs";

/** What Newsdeck's own package.json says about itself. */
export interface NewsdeckPackage {
  readonly version: string;
  /** The Node versions Newsdeck runs on (`engines.node`). */
  readonly node: string;
}

/**
 * Newsdeck's package.json, read once: `newsdeck --version` prints its version, and
 * `newsdeck init` makes a new site depend on that version and need the same Node.
 */
export const newsdeckPackage: NewsdeckPackage = (() => {
  // Two folders up from src/cli or lib/cli: the package root, in a checkout or when installed.
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version: string; engines?: { node?: string } };
  return { version: manifest.version, node: manifest.engines?.node ?? ">=20" };
})();
