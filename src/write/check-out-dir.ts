import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";

/** Folders of a site that a build must never replace, relative to the site root. */
const protectedFolders = [
  "content",
  "templates",
  "public",
  ".git",
  "node_modules",
  ".newsdeck-cache",
];

/**
 * The output folder is replaced as a whole on every build, so it may not be, or contain, the
 * site root or its sources (`content/`, `templates/`, `public/`, and `.git/`, `node_modules/`,
 * the build cache), nor sit inside them. Nor may it be an existing folder of other files: a
 * folder is only replaced when it is empty or a previous build wrote it (it has `.newsdeck/`).
 * Symbolic links are followed, so a link to the site root is the site root.
 */
export function checkOutDir(root: string, outDir: string): Diagnostic | undefined {
  const out = realPath(path.resolve(outDir));
  const base = realPath(path.resolve(root));
  const protectedDirs = [base, ...protectedFolders.map((d) => realPath(path.join(base, d)))];
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
  const clash = protectedDirs.find((dir) => inside(dir, out) || (dir !== base && inside(out, dir)));
  if (clash) {
    const what = clash === base ? "the site root" : `${path.relative(base, clash)}/`;
    return createDiagnostic(
      "OutDirUnsafe",
      `the output folder ${out} would overwrite ${what}: a build replaces the whole output folder`,
      { phase: "config", hint: "use a separate folder such as dist/ (--out dist)" },
    );
  }
  if (holdsForeignFiles(out)) {
    return createDiagnostic(
      "OutDirUnsafe",
      `the output folder ${out} already holds files that Newsdeck did not write: a build replaces the whole output folder`,
      {
        phase: "config",
        hint: "choose an empty or new folder (--out dist), or empty this one first",
      },
    );
  }
  return undefined;
}

/** Files an empty folder may hold all the same: left by file managers and git. */
const harmlessEntries = new Set([".DS_Store", "Thumbs.db", ".gitkeep", "desktop.ini"]);

/** True for an existing folder with files in it but no `.newsdeck/` marker of a build. */
function holdsForeignFiles(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  if (entries.includes(".newsdeck")) return false;
  return entries.some((entry) => !harmlessEntries.has(entry));
}

/** The path with symbolic links resolved, as far as it exists. */
function realPath(target: string): string {
  const missing: string[] = [];
  let current = target;
  while (!existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) return target;
    missing.unshift(path.basename(current));
    current = parent;
  }
  try {
    return path.join(realpathSync(current), ...missing);
  } catch {
    return target;
  }
}
