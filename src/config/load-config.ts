import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import type { z } from "zod";
import { createDiagnostic, type Diagnostic, NewsdeckError } from "../errors/diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { configSchema, type ResolvedConfig } from "./config-schema.js";

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
}

/**
 * Finds and loads the site's config (TypeScript through jiti, no eval tricks), applies the
 * defaults and validates it. Throws a {@link NewsdeckError} with exit code 2 on any problem.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = configFileNames.find((name) => existsSync(path.join(root, name)));
  if (!file) return { config: parseConfig({}, undefined), file: undefined };
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
    alias: { newsdeck: engineEntry() },
  });
  let exported: unknown;
  try {
    exported = await jiti.import(path.join(root, file), { default: true });
  } catch (error) {
    throw new NewsdeckError(
      [
        createDiagnostic("ConfigNotFound", `the config could not be loaded: ${errorText(error)}`, {
          file,
          phase: "config",
          hint: "fix the error above; the config must `export default defineConfig({...})`",
        }),
      ],
      2,
    );
  }
  return { config: parseConfig(exported ?? {}, file), file };
}

/** Validates a config object and applies defaults; throws a NewsdeckError (exit 2) on problems. */
export function parseConfig(input: unknown, file: string | undefined): ResolvedConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new NewsdeckError(
    result.error.issues.flatMap((issue) => issueDiagnostics(issue, file)),
    2,
  );
}

function issueDiagnostics(issue: z.core.$ZodIssue, file: string | undefined): Diagnostic[] {
  const field = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(issue.path.map(String));
    return issue.keys.map((key) => {
      const suggestion = suggestClosest(key, known);
      return createDiagnostic("ConfigInvalid", `unknown config key "${key}"`, {
        file,
        field: field ? `${field}.${key}` : key,
        phase: "config",
        hint: suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(", ")}`,
      });
    });
  }
  return [
    createDiagnostic("ConfigInvalid", issue.message, {
      file,
      field: field || undefined,
      phase: "config",
    }),
  ];
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
  // The running engine's own entry, so `import { defineConfig } from "newsdeck"` works in any
  // site folder, whether Newsdeck runs from compiled `lib/` or from `src/` under tsx.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.join(here, "..", "index.js");
  return existsSync(compiled) ? compiled : path.join(here, "..", "index.ts");
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}
