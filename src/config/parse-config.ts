import type { z } from "zod";
import { describeIssue } from "../errors/describe-issue.js";
import { createDiagnostic, type Diagnostic, NewsdeckError } from "../errors/diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { checkUrlPath } from "../site/check-url-path.js";
import type { SourcePosition } from "../site/model.js";
import { configSchema, type ResolvedConfig } from "./config-schema.js";

/** Finds where a config key path is written, when it can be found. */
export type ConfigLocator = (keyPath: readonly (string | number)[]) => SourcePosition | undefined;

/**
 * Validates a config object and applies defaults; throws a NewsdeckError (exit 2) on problems. */
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
