import path from "node:path";
import { expect } from "vitest";
import { type BuildOptions, build } from "../../src/build.js";
import { hashOutputFiles } from "../helpers/build-site.js";

/**
 * Builds the site incrementally into `outDir` and from nothing into a new folder (its own cache),
 * and expects the same result: the same exit code, the same diagnostics (code, file, line, message)
 * and, when the build succeeds, the same files byte for byte and the same counts of pages and
 * files. `what` names the edit in failures.
 */
export async function expectSameAsClean(
  root: string,
  outDir: string,
  now: number,
  temp: (prefix: string) => Promise<string>,
  what: unknown,
  options: {
    /** Options of both builds (a preview's flags). */
    readonly both?: Partial<BuildOptions>;
    /** Options of the incremental build only (a session, a watcher's list of changed paths). */
    readonly incremental?: Partial<BuildOptions>;
  } = {},
): Promise<void> {
  const incremental = await build({
    root,
    outDir,
    now,
    ...options.both,
    ...options.incremental,
  });
  const clean = await temp("newsdeck-clean-");
  const fresh = await build({
    ...options.both,
    root,
    outDir: path.join(clean, "dist"),
    cacheDir: path.join(clean, "cache"),
    now,
  });
  const located = (result: typeof fresh) =>
    result.diagnostics.map((d) => [d.code, d.file, d.line, d.message]);
  expect({ what, exit: incremental.exitCode, diagnostics: located(incremental) }).toEqual({
    what,
    exit: fresh.exitCode,
    diagnostics: located(fresh),
  });
  if (fresh.exitCode !== 0) return;
  const files = await hashOutputFiles(path.join(clean, "dist"));
  expect({ what, files: await hashOutputFiles(outDir) }).toEqual({ what, files });
  // The counts it reports (kept in the state from build to build) are the output's.
  const paths = Object.keys(files);
  const pages = paths.filter((file) => file.endsWith(".html")).length;
  expect({ what, pages: incremental.pages, files: incremental.fileCount }).toEqual({
    what,
    pages,
    files: paths.length,
  });
}
