import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { createDiagnostic, NewsdeckError } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";
import type { SourcePosition } from "../site/model.js";
import { cacheDirOf, configKey, readCachedConfig } from "./config-cache.js";
import type { ResolvedConfig } from "./config-schema.js";
import { locateConfigKey } from "./locate-config-key.js";
import type { ConfigLocator } from "./parse-config.js";

export type { ConfigLocator } from "./parse-config.js";

/** Config file names, in the order they are looked for. */
export const configFileNames = [
  "newsdeck.config.ts",
  "newsdeck.config.mts",
  "newsdeck.config.mjs",
  "newsdeck.config.js",
] as const;

/** A loaded config and where it came from. */
export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** Path of the config file relative to the root, or undefined when none exists. */
  readonly file: string | undefined;
  /** Where a key path (`["disclaimers", 0, "partial"]`) stands in the config file. */
  readonly locate: ConfigLocator;
  /**
   * The key of the exported data (see `configKey`) when it is plain data: a build that commits
   * stores the validated config under it, and the next build with the same export reuses it.
   */
  readonly key?: string | undefined;
}

/** How a config is loaded. */
export interface LoadConfigOptions {
  /**
   * Reuse the config the last build validated when the export is the same: a build passes it;
   * `newsdeck new` and tests validate every time.
   */
  readonly cached?: boolean | undefined;
  /** The build's cache folder when the command line names one (it overrides the config's). */
  readonly cacheDir?: string | undefined;
  /** The folder inside the cache folder that holds this build's state (a shard's), if any. */
  readonly cacheSubdir?: string | undefined;
}

/**
 * Finds and loads the site's config (TypeScript through jiti, no eval tricks), applies the
 * defaults and validates it. Throws a {@link NewsdeckError} with exit code 2 on any problem;
 * each diagnostic names the key path and, where it can be found, its line in the file.
 */
export async function loadConfig(
  root: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const file = configFileNames.find((name) => existsSync(path.join(root, name)));
  if (!file) return validated(root, {}, undefined, () => undefined, options);
  const absFile = path.join(root, file);
  const source = readText(absFile);
  const locate: ConfigLocator = (keyPath) => locateConfigKey(source, keyPath);
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: transpileCacheDir(),
    interopDefault: true,
    alias: { newsdeck: engineEntry() },
  });
  let exported: unknown;
  try {
    // Evaluated from the text just read, always transpiled: `jiti.import` hands `.mjs` files to
    // Node's own import(), which caches them for the life of the process, so a long-running
    // process (newsdeck dev, tests) would keep building with the config as it first was.
    const loaded = await jiti.evalModule(source, {
      filename: absFile,
      ext: path.extname(absFile),
      async: true,
      forceTranspile: true,
    });
    exported = (loaded as { default?: unknown } | undefined)?.default ?? loaded;
  } catch (error) {
    const at = errorPosition(error, absFile);
    throw new NewsdeckError(
      [
        createDiagnostic("ConfigNotFound", `the config could not be loaded: ${errorText(error)}`, {
          file,
          ...at,
          frame: at ? createCodeFrame(source, at.line, at.column) : undefined,
          phase: "config",
          hint: "fix the error; the config must `export default defineConfig({...})`",
        }),
      ],
      2,
    );
  }
  return validated(root, exported ?? {}, file, locate, options);
}

/**
 * The config validated: the last build's when its key matches, else through the schema, which
 * (with zod) loads only then.
 */
async function validated(
  root: string,
  exported: unknown,
  file: string | undefined,
  locate: ConfigLocator,
  options: LoadConfigOptions,
): Promise<LoadedConfig> {
  const key = configKey(exported);
  const cacheDir = options.cached && key && cacheDirOf(root, exported, options.cacheDir);
  const cached =
    cacheDir && key
      ? readCachedConfig(path.join(cacheDir, options.cacheSubdir ?? ""), key)
      : undefined;
  if (cached) return { config: cached, file, locate, key };
  const { parseConfig } = await import("./parse-config.js");
  return { config: parseConfig(exported, file, locate), file, locate, key };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * The line and column a loading error gives for the config file itself, if any. A parse error
 * names `file:line:column` in its message with a 0-based column; a thrown error's stack frames
 * use 1-based columns.
 */
function errorPosition(error: unknown, absFile: string): SourcePosition | undefined {
  if (!(error instanceof Error)) return undefined;
  const escaped = absFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const place = new RegExp(`${escaped}:(\\d+):(\\d+)`);
  const parse = place.exec(error.message);
  if (parse) return { line: Number(parse[1]), column: Number(parse[2]) + 1 };
  const frame = place.exec(error.stack ?? "");
  return frame ? { line: Number(frame[1]), column: Number(frame[2]) } : undefined;
}

function engineEntry(): string {
  // What `import { defineConfig } from "newsdeck"` means inside a config: only the identity
  // helper, not the engine's entry, so loading a config never transpiles the whole engine.
  // Works whether Newsdeck runs from compiled `lib/` or from `src/` under tsx.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.join(here, "define-config.js");
  return existsSync(compiled) ? compiled : path.join(here, "define-config.ts");
}

/**
 * Where jiti keeps transpiled configs, by a hash of their text: `node_modules/.cache/newsdeck`
 * beside Newsdeck (the usual home of tools' caches; never in the site, so a check still writes
 * nothing there). Loading a config from it skips Babel: 30 ms instead of 200. False, and no
 * cache, when that folder cannot be written.
 */
function transpileCacheDir(): string | false {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.join(here, "..", "..", "node_modules", ".cache", "newsdeck", "config");
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return (
    error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error)
  ).trim();
}
