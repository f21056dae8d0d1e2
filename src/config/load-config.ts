import { accessSync, constants, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import type { z } from "zod";
import { describeIssue } from "../errors/describe-issue.js";
import { createDiagnostic, type Diagnostic, NewsdeckError } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { checkUrlPath } from "../site/check-url-path.js";
import type { SourcePosition } from "../site/model.js";
import { configSchema, type ResolvedConfig } from "./config-schema.js";
import { locateConfigKey } from "./locate-config-key.js";

/** Config file names, in the order they are looked for. */
export const configFileNames = [
  "newsdeck.config.ts",
  "newsdeck.config.mts",
  "newsdeck.config.mjs",
  "newsdeck.config.js",
] as const;

/** Finds where a config key path is written, when it can be found. */
export type ConfigLocator = (keyPath: readonly (string | number)[]) => SourcePosition | undefined;

/** A loaded config and where it came from. */
export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** Path of the config file relative to the root, or undefined when none exists. */
  readonly file: string | undefined;
  /** Where a key path (`["disclaimers", 0, "partial"]`) stands in the config file. */
  readonly locate: ConfigLocator;
}

/**
 * Finds and loads the site's config (TypeScript through jiti, no eval tricks), applies the
 * defaults and validates it. Throws a {@link NewsdeckError} with exit code 2 on any problem;
 * each diagnostic names the key path and, where it can be found, its line in the file.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = configFileNames.find((name) => existsSync(path.join(root, name)));
  if (!file) {
    return { config: parseConfig({}, undefined), file: undefined, locate: () => undefined };
  }
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
  return { config: parseConfig(exported ?? {}, file, locate), file, locate };
}

/** Validates a config object and applies defaults; throws a NewsdeckError (exit 2) on problems. */
export function parseConfig(
  input: unknown,
  file: string | undefined,
  locate: ConfigLocator = () => undefined,
): ResolvedConfig {
  const result = configSchema.safeParse(input);
  const diagnostics = result.success
    ? checkPermalinks(result.data, file, locate)
    : result.error.issues.flatMap((issue) => issueDiagnostics(issue, input, file, locate));
  if (result.success && diagnostics.length === 0) return result.data;
  throw new NewsdeckError(diagnostics, 2);
}

/** The token each permalink pattern needs, so that no two pages share one URL. */
const permalinkTokens = {
  article: ":slug",
  section: ":section",
  tag: ":slug",
  author: ":slug",
  page: ":name",
} as const;

/**
 * Permalink patterns decide where files are written: each must make a safe URL path (no `..`,
 * backslashes, encoded dots or slashes, nothing outside the output folder) and contain its
 * distinguishing token.
 */
function checkPermalinks(
  config: ResolvedConfig,
  file: string | undefined,
  locate: ConfigLocator,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [kind, token] of Object.entries(permalinkTokens)) {
    const pattern = config.permalinks[kind as keyof typeof permalinkTokens];
    const keyPath = ["permalinks", kind];
    const sample = pattern.replace(/:(yyyy|mm|dd|section|slug|name)\b/g, (_, t: string) =>
      t === "yyyy" ? "2026" : t === "mm" || t === "dd" ? "01" : "x",
    );
    const checked = checkUrlPath(sample);
    const problem = !checked.ok
      ? `permalink pattern "${pattern}" is not a safe URL path: ${checked.reason}`
      : !new RegExp(`${token}\\b`).test(pattern)
        ? `permalink pattern "${pattern}" has no ${token}, so every ${kind} would get the same URL`
        : undefined;
    if (problem) {
      diagnostics.push(
        createDiagnostic("ConfigInvalid", problem, {
          file,
          ...locate(keyPath),
          field: keyPath.join("."),
          phase: "config",
          hint: `start with / and build the path from tokens, e.g. "${defaultPattern(kind)}"`,
        }),
      );
    }
  }
  return diagnostics;
}

function defaultPattern(kind: string): string {
  const defaults = configSchema.shape.permalinks.parse({}) as Record<string, string>;
  return defaults[kind] ?? "/:slug/";
}

function issueDiagnostics(
  issue: z.core.$ZodIssue,
  input: unknown,
  file: string | undefined,
  locate: ConfigLocator,
): Diagnostic[] {
  const keyPath = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = keyPath.join(".");
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(keyPath.map(String));
    return issue.keys.map((key) => {
      const suggestion = suggestClosest(key, known);
      return createDiagnostic("ConfigInvalid", `unknown config key "${key}"`, {
        file,
        ...locate([...keyPath, key]),
        field: field ? `${field}.${key}` : key,
        phase: "config",
        hint: suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(", ")}`,
      });
    });
  }
  const value = valueAt(input, keyPath);
  return [
    createDiagnostic(
      "ConfigInvalid",
      value === undefined && issue.code === "invalid_type"
        ? `required config key "${field}" is missing`
        : field
          ? describeIssue(issue, field, value).replace(/ \(hint: .*\)$/, "")
          : issue.message,
      {
        file,
        ...locate(keyPath),
        field: field || undefined,
        phase: "config",
        hint: configHint(issue),
      },
    ),
  ];
}

function configHint(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "custom" || issue.code === "invalid_format") {
    const hint = /\(hint: (.*)\)$/.exec(issue.message)?.[1];
    if (hint) return hint;
  }
  if (issue.code === "invalid_format" && issue.format === "regex") return `use ${issue.message}`;
  return undefined;
}

function valueAt(data: unknown, keyPath: readonly (string | number)[]): unknown {
  let current = data;
  for (const step of keyPath) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
  }
  return current;
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

function knownKeysAt(keyPath: readonly string[]): string[] {
  // Walk the schema's shape along the path to list the keys that are allowed there.
  let schema: unknown = configSchema;
  for (const key of keyPath) {
    schema = unwrap(schema);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (!shape || !(key in shape)) return [];
    schema = shape[key];
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).sort() : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown } } | undefined;
  while (current?.def?.innerType) current = current.def.innerType as typeof current;
  return current;
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
