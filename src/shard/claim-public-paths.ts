import type { BuildRun } from "../plan/build-run.js";
import type { SourceChanges } from "../plan/find-changes.js";
import { DuplicateOutputError } from "../write/output-writer.js";

/** What the writer calls before a file is written: throws to refuse the path. */
type Claim = (outputPath: string, subject: string) => void;

/**
 * A shard's claim check: a generated file at a path a file of `public/` also has fails the
 * build as the writer fails a one-machine build (`DuplicateUrl` at the public file), even when
 * the copy is another shard's to make. `public/_headers` is merged, not copied. Without
 * `--shard`, the claim as it is.
 */
export function claimPublicPaths(run: BuildRun, changes: SourceChanges, claim: Claim): Claim {
  if (!run.shard) return claim;
  const publicPaths = new Set(changes.publicPaths);
  publicPaths.delete("_headers");
  return (outputPath, subject) => {
    claim(outputPath, subject);
    if (publicPaths.has(outputPath) && !subject.startsWith("public:"))
      throw new DuplicateOutputError(outputPath);
  };
}
