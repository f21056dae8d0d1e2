import path from "node:path";

/**
 * A path as messages show it: relative to the site root, with forward slashes, when it is
 * inside the root; absolute otherwise (an output folder elsewhere, a temporary folder).
 */
export function displayPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  return inside ? relative.split(path.sep).join("/") : file;
}
