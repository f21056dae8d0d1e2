import path from "node:path";
import type { DiagnosticCode } from "../errors/catalog.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { ShardFolder } from "./read-shard.js";
import type { ShardManifest } from "./shard-manifest.js";
import { shardManifestPath } from "./shard-manifest-file.js";
import { shardLabel } from "./shard-spec.js";

/**
 * Whether finished shards make one whole build: the same engine, shard count and plan (see
 * `plan-hash.ts`) as the first folder given, each shard from 1 to N exactly once. One located
 * line per problem, at the field of the shard manifest that shows it; empty when they do.
 */
export function checkShards(folders: readonly ShardFolder[]): Diagnostic[] {
  const [first] = folders;
  if (!first) return [];
  const diagnostics: Diagnostic[] = [];
  const reference = first.manifest;
  const refLabel = shardLabel(reference.shard);
  for (const folder of folders.slice(1)) {
    const { manifest } = folder;
    const label = shardLabel(manifest.shard);
    const mismatch = (field: string, message: string, hint?: string) =>
      diagnostics.push(problem("ShardMismatch", folder, field, message, hint));
    if (manifest.engine !== reference.engine)
      mismatch(
        "engine",
        `shard ${label} was built by Newsdeck ${manifest.engine}, shard ${refLabel} (${first.shown}) by ${reference.engine}`,
        "build every shard with the same Newsdeck (the same package-lock.json)",
      );
    else if (manifest.shard.count !== reference.shard.count)
      mismatch(
        "shard",
        `shard ${label} belongs to a build in ${manifest.shard.count} shards, shard ${refLabel} (${first.shown}) to one in ${reference.shard.count}`,
        "give every shard the same N in --shard K/N",
      );
    else if (manifest.plan !== reference.plan) {
      const { field, what, hint } = planDifference(manifest, reference);
      mismatch(
        field,
        `shard ${label} was planned ${what} than shard ${refLabel} (${first.shown}): they are parts of different builds`,
        hint,
      );
    }
  }
  if (diagnostics.length > 0) return diagnostics;

  const seen = new Map<number, ShardFolder>();
  for (const folder of folders) {
    const { index } = folder.manifest.shard;
    const before = seen.get(index);
    if (before)
      diagnostics.push(
        problem(
          "ShardDuplicate",
          folder,
          "shard",
          `shard ${shardLabel(folder.manifest.shard)} is given twice: here and as ${before.shown}`,
          "pass each shard's folder once",
        ),
      );
    else seen.set(index, folder);
  }
  for (let index = 1; index <= reference.shard.count; index++) {
    if (seen.has(index)) continue;
    diagnostics.push(
      problem(
        "ShardMissing",
        first,
        "shard",
        `shard ${index}/${reference.shard.count} of this build was not given (${seen.size} of ${reference.shard.count} were)`,
        `pass the folder of every shard: newsdeck merge ${[...Array(reference.shard.count).keys()].map((k) => `<shard ${k + 1}>`).join(" ")}`,
      ),
    );
  }
  return diagnostics;
}

/** Which part of two plans differs, where the manifest shows it, and what to do. */
function planDifference(
  manifest: ShardManifest,
  reference: ShardManifest,
): { field: string; what: string; hint: string } {
  if (manifest.now !== reference.now)
    return {
      field: "now",
      what: `for another build time (--now ${manifest.now}, not ${reference.now})`,
      hint: "give every shard the same --now",
    };
  if (manifest.parts.sources !== reference.parts.sources)
    return {
      field: "plan",
      what: "from other sources (another commit, or edited files)",
      hint: "build every shard from the same commit",
    };
  if (manifest.parts.settings !== reference.parts.settings)
    return {
      field: "plan",
      what: "with other settings (the config, --base-url, --drafts, --future, --no-minify)",
      hint: "build every shard with the same options",
    };
  return {
    field: "plan",
    what: "with another assignment of pages to shards",
    hint: "build every shard with the same Newsdeck and --shard K/N",
  };
}

/** A diagnostic at a field of a shard's manifest. */
function problem(
  code: DiagnosticCode,
  folder: ShardFolder,
  field: string,
  message: string,
  hint?: string,
): Diagnostic {
  return createDiagnostic(code, message, {
    file: path.join(folder.shown, shardManifestPath).split(path.sep).join("/"),
    ...fieldPosition(folder.text, field),
    phase: "write",
    hint,
  });
}

/** The line and column of a top-level field of a manifest written with two-space indents. */
function fieldPosition(text: string, field: string): { line: number; column: number } | object {
  const at = text.split("\n").findIndex((line) => line.startsWith(`  "${field}":`));
  return at === -1 ? {} : { line: at + 1, column: 3 };
}
