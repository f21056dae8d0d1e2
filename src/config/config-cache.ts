import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { engineVersion } from "../cache/engine-version.js";
import { hashBytes, hashKey } from "../cache/hash.js";
import type { ResolvedConfig } from "./config-schema.js";

/** The cache folder when the config names none (`build.cacheDir`). */
export const defaultCacheDir = ".newsdeck-cache";

/** Where the last validated config is kept, inside the cache folder. */
const cacheFile = path.join("state", "config.json");

/**
 * The key of a config as its file exported it: the engine version and the exported data. A
 * config is evaluated on every build (it may read the environment or import other files), but
 * validating it (the schema, time zones, permalink patterns) is a function of this data: when
 * the key matches the last build's, its validated config is taken as it is. Undefined when the
 * export is not plain data (a function, a date, a class instance): such a config is always
 * validated, and rejected by the schema if it is wrong.
 */
export function configKey(exported: unknown): string | undefined {
  return isPlainData(exported) ? hashKey("config", engineVersion, exported) : undefined;
}

/**
 * The cache folder a config's export names, resolved against the root, or the default. A value
 * that is not a string is left to the schema: no cached config is read for it.
 */
export function cacheDirOf(
  root: string,
  exported: unknown,
  override: string | undefined,
): string | undefined {
  const build = (exported as { build?: { cacheDir?: unknown } } | undefined)?.build;
  const named = override ?? build?.cacheDir ?? defaultCacheDir;
  return typeof named === "string" ? path.resolve(root, named) : undefined;
}

/**
 * The validated config the last build stored under `key`, if it is there and intact: its
 * checksum must match (a file changed in place, in a damaged restored cache, is not used).
 */
export function readCachedConfig(cacheDir: string, key: string): ResolvedConfig | undefined {
  try {
    const stored = JSON.parse(readFileSync(path.join(cacheDir, cacheFile), "utf8")) as {
      key?: unknown;
      sha256?: unknown;
      config?: unknown;
    };
    if (stored.key !== key || typeof stored.config !== "object" || stored.config === null) {
      return undefined;
    }
    // JSON as written by JSON.stringify reads back to the same text.
    if (stored.sha256 !== hashBytes(JSON.stringify(stored.config))) return undefined;
    return stored.config as ResolvedConfig;
  } catch {
    return undefined;
  }
}

/**
 * Stores a validated config under its key (temp file, then rename), for the next build. Done
 * when a build commits, so a check or a failed build leaves the cache as it was.
 */
export function writeCachedConfig(cacheDir: string, key: string, config: ResolvedConfig): void {
  if (!isPlainData(config, true)) return;
  const file = path.join(cacheDir, cacheFile);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ key, sha256: hashBytes(JSON.stringify(config)), config }));
  renameSync(temp, file);
}

/**
 * True when JSON carries `value` exactly: plain objects, arrays, strings, finite numbers,
 * booleans and null (and, where allowed, undefined object values, which JSON leaves out as
 * reading them gives back).
 */
function isPlainData(value: unknown, allowUndefined = false, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) {
    return value.every((item) => isPlainData(item, false, depth + 1));
  }
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const item of Object.values(value)) {
    if (item === undefined && allowUndefined) continue;
    if (!isPlainData(item, allowUndefined, depth + 1)) return false;
  }
  return true;
}
