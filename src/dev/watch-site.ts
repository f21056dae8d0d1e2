import path from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { configFileNames } from "../config/load-config.js";

/** The folders of a site whose changes trigger a rebuild. */
const watchedFolders = new Set(["content", "templates", "public"]);
const configFiles = new Set<string>(configFileNames);

/**
 * Files editors write beside the real one while saving: vim's swap files and its `4913` probe,
 * backups (`name~`), Emacs lock files (`.#name`), temp files of atomic saves (`*.tmp`,
 * JetBrains' `___jb_tmp___`), and OS litter. The rename that follows is what counts.
 */
export function isEditorNoise(fileName: string): boolean {
  return (
    /\.sw[a-px]$/i.test(fileName) ||
    fileName.endsWith("~") ||
    fileName.startsWith(".#") ||
    fileName === "4913" ||
    /\.tmp$/i.test(fileName) ||
    /___jb_(?:tmp|old|bak)___$/.test(fileName) ||
    fileName === ".DS_Store" ||
    fileName === "Thumbs.db"
  );
}

/**
 * True for the site files a rebuild depends on: anything under `content/`, `templates/` or
 * `public/` that is not editor noise, and the config file. `rel` is relative to the site root.
 */
export function isSiteSource(rel: string): boolean {
  if (rel === "") return true;
  const parts = rel.split(/[\\/]/);
  const top = parts[0] ?? "";
  if (parts.length === 1 && configFiles.has(top)) return true;
  if (!watchedFolders.has(top)) return false;
  return !isEditorNoise(parts[parts.length - 1] ?? "");
}

/**
 * Watches a site's sources and reports each change as a site-relative path (forward slashes)
 * and its chokidar event. chokidar 5 has no globs: the root is watched and `ignored` keeps it
 * out of everything else (node_modules, dist, .git), so folders created later are seen too.
 * Resolves once the initial scan is done, so no change after it is missed.
 */
export async function watchSite(
  root: string,
  onChange: (rel: string, event: string) => void,
  onError: (error: unknown) => void,
): Promise<FSWatcher> {
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (file: string) => !isSiteSource(path.relative(root, file)),
  });
  watcher.on("all", (event, file) => {
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (rel !== "") onChange(rel, event);
  });
  watcher.on("error", onError);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return watcher;
}
