import path from "node:path";

/**
 * Resolves an output-relative path inside `outDir`, throwing when it would land outside it:
 * the last guard before any write.
 */
export function resolveInside(outDir: string, relativePath: string): string {
  if (relativePath.includes("\0") || path.isAbsolute(relativePath) || relativePath.includes("\\")) {
    throw new Error(`refusing to write "${relativePath}": not a relative output path`);
  }
  const base = path.resolve(outDir);
  const target = path.resolve(base, relativePath);
  if (target !== base && !target.startsWith(base + path.sep)) {
    throw new Error(`refusing to write "${relativePath}": outside the output folder`);
  }
  return target;
}
