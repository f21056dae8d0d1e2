import type { OutputFile } from "../write/output-file.js";
import type { WrittenFile } from "../write/output-writer.js";
import { cacheControlOf, cachePolicyOf, type HeadersConfig } from "./headers.js";

/** Where the deploy manifest is written, relative to the output folder. */
export const manifestPath = ".newsdeck/manifest.json";

/**
 * The manifest's file, written straight from the outputs (path order, the manifest itself
 * left out) as the same text `manifestFile(createManifest(...))` gives: at 100,000 articles the
 * manifest has over 100,000 entries, never held as one object.
 */
export function manifestFromOutputs(input: {
  readonly outputs: Iterable<readonly [path: string, file: WrittenFile]>;
  readonly baseUrl: string;
  readonly publicPaths: ReadonlySet<string>;
  readonly config: HeadersConfig;
}): OutputFile {
  const head = {
    version: 1,
    baseUrl: input.baseUrl.replace(/\/+$/, ""),
    cacheControl: {
      immutable: cacheControlOf("immutable", input.config),
      revalidate: cacheControlOf("revalidate", input.config),
    },
  };
  const opening = JSON.stringify(head, null, 2).slice(0, -2);
  const entries: string[] = [];
  for (const [outputPath, file] of input.outputs) {
    if (outputPath === manifestPath) continue;
    entries.push(
      `    ${JSON.stringify(outputPath)}: {\n      "sha256": "${file.hash}",\n      "size": ${file.size},\n      "cache": "${cachePolicyOf(outputPath, input.publicPaths)}"\n    }`,
    );
  }
  const files = entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n  }`;
  return { path: manifestPath, data: `${opening},\n  "files": ${files}\n}\n` };
}
