import path from "node:path";
import pc from "picocolors";
import { escapeControlCharacters } from "../errors/escape-control-characters.js";
import { mergeShards } from "../shard/merge-shards.js";
import { printDiagnostics } from "./print-diagnostics.js";
import { printProblem } from "./print-problem.js";

/** Options of `newsdeck merge`. */
export interface MergeCommandOptions {
  /** The output folder; default `dist`. */
  readonly out?: string | undefined;
}

/**
 * `newsdeck merge SHARD_DIR... [--out DIR]`: merges the shards of one sharded build into the
 * output folder (see `shard/merge-shards.ts`). Exit 0 merged; 1 refused, with one located line
 * per problem and nothing written; 2 for usage (no folders, an unsafe or busy output folder).
 */
export async function runMergeCommand(
  shards: readonly string[],
  options: MergeCommandOptions,
): Promise<number> {
  if (shards.length === 0) {
    printProblem(
      "merge needs the shards' folders (hint: newsdeck merge dist-shards/1-of-2 dist-shards/2-of-2 --out dist)",
    );
    return 2;
  }
  const started = performance.now();
  const out = options.out ?? "dist";
  const result = await mergeShards({ shards, outDir: out, cwd: process.cwd() });
  printDiagnostics(result.diagnostics);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (result.exitCode !== 0) {
    process.stderr.write(`${pc.red("✗")} merge refused; nothing was written\n`);
    return result.exitCode;
  }
  const where = escapeControlCharacters(path.relative(process.cwd(), result.outDir) || ".");
  const [first] = result.shards;
  process.stdout.write(
    `${pc.green("✓")} merged ${result.shards.length} shards (build time ${first?.manifest.now ?? "?"}): ${result.files.size} files in ${seconds} s into ${where}/\n`,
  );
  return 0;
}
