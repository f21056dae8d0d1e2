import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Newsdeck's version from its package.json, plus the cache format: part of every cache key, so
 * an upgrade never trusts what an older engine wrote.
 */
export const engineVersion: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const manifest = JSON.parse(
    readFileSync(path.join(here, "..", "..", "package.json"), "utf8"),
  ) as { version: string };
  return `${manifest.version}+cache.3`;
})();
