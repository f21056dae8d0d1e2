import path from "node:path";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";

/**
 * The output folder is replaced on every build, so it may not be, or contain, the site root or
 * its sources (`content/`, `templates/`, `public/`), nor sit inside them.
 */
export function checkOutDir(root: string, outDir: string): Diagnostic | undefined {
  const out = path.resolve(outDir);
  const base = path.resolve(root);
  const protectedDirs = [
    base,
    ...["content", "templates", "public"].map((d) => path.join(base, d)),
  ];
  const inside = (child: string, parent: string) =>
    child === parent || child.startsWith(parent + path.sep);
  const clash = protectedDirs.find((dir) => inside(dir, out) || (dir !== base && inside(out, dir)));
  if (!clash) return undefined;
  return createDiagnostic(
    "OutDirUnsafe",
    `the output folder ${out} would overwrite ${clash === base ? "the site root" : path.relative(base, clash) + "/"}`,
    {
      phase: "config",
      hint: "use a separate folder such as dist/ (--out dist)",
    },
  );
}
