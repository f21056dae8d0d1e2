import { compareKeys } from "../cache/tsv.js";
import type { OutputFile } from "../write/output-file.js";
import type { WrittenFile } from "../write/output-writer.js";
import { cacheControlOf, cachePolicyOf, type HeadersConfig } from "./headers.js";

/** Where the deploy manifest is written, relative to the output folder. */
export const manifestPath = ".newsdeck/manifest.json";

/**
 * The manifest's file, written straight from the outputs (path order, the manifest itself
 * left out) as the same text `manifestFile(createManifest(...))` gives: at 100,000 articles the
 * manifest lists 230,000 files (with search on), about 40 MB of text, so it is made and written a
 * few thousand entries at a time and never held whole, as one object or as one string.
 */
export function manifestFromOutputs(input: {
  readonly outputs: Iterable<readonly [path: string, file: WrittenFile]>;
  readonly baseUrl: string;
  readonly publicPaths: ReadonlySet<string>;
  readonly config: HeadersConfig;
}): OutputFile {
  return { path: manifestPath, pieces: manifestPieces(input) };
}

function* manifestPieces(input: Parameters<typeof manifestFromOutputs>[0]): Generator<string> {
  let entries: string[] = [];
  let opened = false;
  const piece = (last: boolean): string => {
    const start = opened
      ? ",\n"
      : `${manifestOpening(input.baseUrl, input.config)},\n  "files": {\n`;
    opened = true;
    const text = `${start}${entries.join(",\n")}${last ? "\n  }\n}\n" : ""}`;
    entries = [];
    return text;
  };
  for (const [outputPath, file] of input.outputs) {
    if (outputPath === manifestPath) continue;
    entries.push(manifestEntry(outputPath, file, input.publicPaths));
    if (entries.length === entriesPerPiece) yield piece(false);
  }
  if (entries.length > 0) yield piece(true);
  else if (opened) yield "\n  }\n}\n";
  else yield `${manifestOpening(input.baseUrl, input.config)},\n  "files": {}\n}\n`;
}

/** How many entries {@link manifestFromOutputs} makes into one piece of text. */
const entriesPerPiece = 4096;

/** The manifest's text before its files: its version, base URL and cache policies. */
function manifestOpening(baseUrl: string, config: HeadersConfig): string {
  const head = {
    version: 1,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    cacheControl: {
      immutable: cacheControlOf("immutable", config),
      revalidate: cacheControlOf("revalidate", config),
    },
  };
  return JSON.stringify(head, null, 2).slice(0, -2);
}

/**
 * One file's entry in the manifest's text, on a line of its own: at 100,000 articles the
 * manifest lists some 120,000 files, and every build that changes one rewrites it.
 */
function manifestEntry(
  outputPath: string,
  file: { readonly hash: string; readonly size: number },
  publicPaths: ReadonlySet<string>,
): string {
  return `    ${JSON.stringify(outputPath)}: { "sha256": "${file.hash}", "size": ${file.size}, "cache": "${cachePolicyOf(outputPath, publicPaths)}" }`;
}

/**
 * The manifest after some files changed, came or went, made from the previous manifest's text
 * (made with the same base URL and config): the same text {@link manifestFromOutputs} gives for
 * the outputs now, without reading every output's record (at 100,000 articles that is over
 * 200,000 of them, for a build that changed a few). `changes` maps a path to its file now, or to
 * undefined when it is gone; `added` says which paths are new (the previous manifest does not
 * list them); `nextKept` gives the first path after a new one that the previous manifest has.
 * Undefined when the previous text is not a manifest this can patch (the caller then writes it
 * whole). The cache policies of the entries kept are taken as they are: the caller writes the
 * manifest whole when `public/` changed or the config did.
 */
export function patchManifest(input: {
  readonly previous: string;
  readonly changes: ReadonlyMap<string, WrittenFile | undefined>;
  readonly added: ReadonlySet<string>;
  readonly nextKept: (outputPath: string) => string | undefined;
  readonly publicPaths: ReadonlySet<string>;
  readonly baseUrl: string;
  readonly config: HeadersConfig;
}): string | undefined {
  const { previous } = input;
  const closing = "\n  }\n}\n";
  const end = previous.length - closing.length;
  const opening = `${manifestOpening(input.baseUrl, input.config)},\n  "files": {\n    "`;
  if (!previous.endsWith(closing) || !previous.startsWith(opening)) return undefined;
  // A manifest of an older release, with an entry's fields on lines of their own, is written whole.
  const firstLine = previous.slice(opening.length, previous.indexOf("\n", opening.length));
  if (!/\},?$/.test(firstLine)) return undefined;
  // Edits at positions of the previous text: [at, at + remove) becomes `insert`.
  const edits: { at: number; remove: number; insert: string; order: number }[] = [];
  let from = 0;
  const find = (outputPath: string): [start: number, end: number] | undefined => {
    const marker = `\n    ${JSON.stringify(outputPath)}: { `;
    let at = previous.indexOf(marker, from);
    if (at === -1) at = previous.indexOf(marker);
    if (at === -1) return undefined;
    from = at;
    const stop = previous.indexOf(" }", at + marker.length);
    return stop === -1 ? undefined : [at + 1, stop + 2];
  };
  const paths = [...input.changes.keys()].filter((p) => p !== manifestPath).sort(compareKeys);
  let order = 0;
  for (const outputPath of paths) {
    const file = input.changes.get(outputPath);
    const found = input.added.has(outputPath) ? undefined : find(outputPath);
    if (found) {
      const [start, stop] = found;
      if (file) {
        edits.push({
          at: start,
          remove: stop - start,
          insert: manifestEntry(outputPath, file, input.publicPaths),
          order: order++,
        });
      } else if (previous.startsWith(",\n", stop)) {
        edits.push({ at: start, remove: stop + 2 - start, insert: "", order: order++ });
      } else edits.push({ at: start - 2, remove: stop - start + 2, insert: "", order: order++ });
    } else if (file) {
      const entry = manifestEntry(outputPath, file, input.publicPaths);
      const next = input.nextKept(outputPath);
      const before = next === undefined ? undefined : find(next);
      if (next !== undefined && !before) return undefined;
      edits.push(
        before
          ? { at: before[0], remove: 0, insert: `${entry},\n`, order: order++ }
          : { at: end, remove: 0, insert: `,\n${entry}`, order: order++ },
      );
    }
    // A path gone that the previous manifest did not list: nothing to remove.
  }
  edits.sort((a, b) => a.at - b.at || a.order - b.order);
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    if (edit.at < at) return undefined; // overlapping edits: not a manifest this can patch
    parts.push(previous.slice(at, edit.at), edit.insert);
    at = edit.at + edit.remove;
  }
  parts.push(previous.slice(at));
  const text = parts.join("");
  // Every entry gone: the whole manifest says `{}` there, written whole.
  return text.startsWith(opening) ? text : undefined;
}
