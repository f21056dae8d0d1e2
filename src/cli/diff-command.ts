import { readFile } from "node:fs/promises";
import { escapeControlCharacters } from "../errors/escape-control-characters.js";
import {
  type DeployManifest,
  diffManifests,
  type ManifestDiff,
  ManifestInvalidError,
  parseManifest,
} from "../outputs/manifest.js";
import { printProblem } from "./print-problem.js";

/** Options of `newsdeck diff`. */
export interface DiffCommandOptions {
  /** Print the diff as JSON, for CI scripts (`jq`). */
  readonly json?: boolean | undefined;
}

/**
 * `newsdeck diff OLD NEW`: compares the manifest of what is deployed with the manifest of a new
 * build and prints what to upload, delete and purge. Exit 0 whatever differs; 2 when a
 * manifest is missing or unreadable.
 */
export async function runDiffCommand(
  oldFile: string,
  newFile: string,
  options: DiffCommandOptions,
): Promise<number> {
  const manifests: DeployManifest[] = [];
  for (const file of [oldFile, newFile]) {
    try {
      manifests.push(parseManifest(await readFile(file, "utf8")));
    } catch (error) {
      const reason =
        error instanceof ManifestInvalidError
          ? error.message
          : (error as NodeJS.ErrnoException).code === "ENOENT"
            ? "the file does not exist (hint: for a first deploy, diff against an empty manifest; see docs/deploying.md)"
            : error instanceof Error
              ? error.message
              : String(error);
      printProblem(`${file}: ${reason}`);
      return 2;
    }
  }
  const [before, after] = manifests as [DeployManifest, DeployManifest];
  const diff = diffManifests(before, after);
  process.stdout.write(options.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff));
  return 0;
}

/** The diff for people: one line per path, then the URLs to purge. */
function formatDiff(diff: ManifestDiff): string {
  const lines = [
    `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`,
  ];
  for (const [mark, items] of [
    ["+", diff.added],
    ["~", diff.changed],
    ["-", diff.removed],
  ] as const) {
    for (const item of items) lines.push(`${mark} ${escapeControlCharacters(item.path)}`);
  }
  if (diff.purgeAll) lines.push("purge everything: _headers or _redirects changed");
  lines.push(`purge ${diff.purge.length} URL${diff.purge.length === 1 ? "" : "s"}`);
  for (const url of diff.purge) lines.push(`  ${escapeControlCharacters(url)}`);
  return `${lines.join("\n")}\n`;
}
