import { type Dirent, lstatSync, readdirSync, type Stats } from "node:fs";
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
 * and its event, as chokidar names them (`add`, `change`, `unlink`, `addDir`, `unlinkDir`).
 * chokidar 5 has no globs: the root is watched and `ignored` keeps it out of everything else
 * (node_modules, dist, .git), so folders created later are seen too.
 *
 * chokidar watches folders only. It keeps an fs.watch handle for every path it watches, and a
 * handle per file cost about 3 KB of heap and more outside it: some 190 MB of RSS for 20,000
 * stories, five times that for 100,000. A folder's handle names each file that changed in it
 * (chokidar's raw events), which is all a rebuild needs; the files each folder holds are kept
 * to tell a new file from a changed one and to report the files of a folder that went. A
 * folder that appears reports the files already in it. Resolves once the initial scan is done,
 * so no change after it is missed.
 */
export async function watchSite(
  root: string,
  onChange: (rel: string, event: string) => void,
  onError: (error: unknown) => void,
): Promise<FSWatcher> {
  const base = path.resolve(root);
  const relOf = (file: string) =>
    path.relative(base, path.resolve(base, file)).split(path.sep).join("/");
  const report = (file: string, event: string) => {
    const rel = relOf(file);
    if (rel !== "") onChange(rel, event);
  };
  /** The site files of each watched folder (absolute path), as last seen. */
  const folders = new Map<string, Set<string>>();
  const look = (folder: string, appeared: boolean) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // Gone again (chokidar reports that), or not a folder.
    }
    const names = new Set<string>();
    folders.set(folder, names);
    for (const entry of entries) {
      if (!entry.isFile() || !isSiteSource(relOf(path.join(folder, entry.name)))) continue;
      names.add(entry.name);
      if (appeared) report(path.join(folder, entry.name), "add");
    }
  };

  const watcher = watch(base, {
    ignoreInitial: true,
    ignored: (file: string, stats?: Stats) =>
      !isSiteSource(relOf(file)) || stats?.isFile() === true,
  });
  watcher.on("addDir", (folder) => {
    report(folder, "addDir");
    look(path.resolve(base, folder), true);
  });
  watcher.on("unlinkDir", (removed) => {
    const gone = path.resolve(base, removed);
    for (const [folder, names] of [...folders]) {
      if (folder !== gone && !folder.startsWith(`${gone}${path.sep}`)) continue;
      for (const name of names) report(path.join(folder, name), "unlink");
      folders.delete(folder);
    }
    report(gone, "unlinkDir");
  });
  watcher.on("raw", (_event, changed, details) => {
    const folder = path.resolve(base, (details as { watchedPath?: string }).watchedPath ?? "");
    const names = folders.get(folder);
    if (!names || !changed) return;
    const name = String(changed);
    const file = path.join(folder, name);
    if (!isSiteSource(relOf(file))) return;
    const stats = lstatSync(file, { throwIfNoEntry: false });
    if (stats?.isFile()) {
      report(file, names.has(name) ? "change" : "add");
      names.add(name);
    } else if (!stats && names.delete(name)) {
      report(file, "unlink");
    }
    // Folders come and go through addDir and unlinkDir.
  });
  watcher.on("error", onError);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  // chokidar lists each watched folder with the folders it watches in it.
  const watched = new Set<string>();
  for (const [folder, children] of Object.entries(watcher.getWatched())) {
    watched.add(path.resolve(base, folder));
    for (const child of children) watched.add(path.resolve(base, folder, child));
  }
  for (const folder of [...watched].sort()) {
    const rel = relOf(folder);
    if (!rel.startsWith("..") && isSiteSource(rel)) look(folder, false);
  }
  return watcher;
}
