/** The hash of one output file, as `build()` reports it in `files`. */
interface FileHash {
  readonly hash: string;
}

/** What the browsers need to know about one rebuild. */
export interface ReloadPlan {
  /** URLs of pages that changed, appeared or disappeared: a browser showing one reloads. */
  readonly pages: readonly string[];
  /** Content-hashed stylesheets that were renamed: old URL to new URL, swapped without a reload. */
  readonly stylesheets: Readonly<Record<string, string>>;
  /** Other changed or removed files (images, scripts, unhashed CSS): reload when a page uses one. */
  readonly assets: readonly string[];
  /** Pages whose only difference is the stylesheet URLs (counted, not reloaded). */
  readonly restyled: number;
}

/** Reads an output file of the previous or the new build; undefined when it cannot be read. */
export type ReadOutput = (outputPath: string) => Promise<string | undefined>;

/** The output files one build changed: rewritten in place, new, and gone. */
export interface FileChanges {
  readonly modified: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Compares the `files` maps (path to content hash) of two consecutive builds; see
 * {@link planReloadFromChanges}.
 */
export async function planReload(
  previous: ReadonlyMap<string, FileHash>,
  next: ReadonlyMap<string, FileHash>,
  read: { readonly previous: ReadOutput; readonly next: ReadOutput },
): Promise<ReloadPlan> {
  const modified: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [file, { hash }] of next) {
    const before = previous.get(file);
    if (!before) added.push(file);
    else if (before.hash !== hash) modified.push(file);
  }
  for (const file of previous.keys()) if (!next.has(file)) removed.push(file);
  return planReloadFromChanges({ modified, added, removed }, read);
}

/**
 * What browsers must do after a build that changed `changes`. A page counts as changed when
 * its bytes differ, except when the only difference is the new name of a content-hashed
 * stylesheet: that is a CSS-only change, which browsers apply in place. Only in that case are
 * files read, to compare the page with the stylesheet URLs put back.
 */
export async function planReloadFromChanges(
  changes: FileChanges,
  read: { readonly previous: ReadOutput; readonly next: ReadOutput },
): Promise<ReloadPlan> {
  const { modified, added, removed } = changes;

  const stylesheets = renamedStylesheets(removed, added);
  const swaps = Object.entries(stylesheets);
  const swapped = new Set([...swaps.flat()].map((url) => url.slice(1)));
  const pages: string[] = [];
  const assets: string[] = [];
  let restyled = 0;
  const changedInPlace = new Set(modified);
  for (const file of [...modified, ...added, ...removed].sort()) {
    if (isHidden(file)) continue;
    if (!isPage(file)) {
      if (!swapped.has(file)) assets.push(outputPathToUrl(file));
      continue;
    }
    if (swaps.length > 0 && changedInPlace.has(file) && (await onlyRestyled(file, swaps, read))) {
      restyled++;
      continue;
    }
    pages.push(outputPathToUrl(file));
  }
  return { pages, stylesheets, assets, restyled };
}

/** The URL a browser uses for an output file: `a/b/index.html` is `/a/b/`. */
export function outputPathToUrl(outputPath: string): string {
  if (outputPath === "index.html") return "/";
  if (outputPath.endsWith("/index.html")) return `/${outputPath.slice(0, -"index.html".length)}`;
  return `/${outputPath}`;
}

/** Dot-folders such as `.newsdeck/` hold deploy data the dev server does not serve. */
function isHidden(outputPath: string): boolean {
  return outputPath.split("/").some((segment) => segment.startsWith("."));
}

function isPage(outputPath: string): boolean {
  return /\.html?$/i.test(outputPath);
}

/** `assets/style.1a2b3c4d5e.css` removed and `assets/style.9f8e7d6c5b.css` added: one swap. */
function renamedStylesheets(
  removed: readonly string[],
  added: readonly string[],
): Record<string, string> {
  const unhashed = (file: string) => file.replace(/\.[0-9a-f]{8,}(\.css)$/i, "$1");
  const addedByName = new Map(
    added.filter((file) => unhashed(file) !== file).map((file) => [unhashed(file), file]),
  );
  const swaps: Record<string, string> = {};
  for (const file of removed) {
    const key = unhashed(file);
    const replacement = key !== file ? addedByName.get(key) : undefined;
    if (replacement) swaps[outputPathToUrl(file)] = outputPathToUrl(replacement);
  }
  return swaps;
}

async function onlyRestyled(
  file: string,
  swaps: readonly (readonly [string, string])[],
  read: { readonly previous: ReadOutput; readonly next: ReadOutput },
): Promise<boolean> {
  const [before, after] = await Promise.all([read.previous(file), read.next(file)]);
  if (before === undefined || after === undefined) return false;
  let restored = after;
  for (const [oldUrl, newUrl] of swaps) restored = restored.split(newUrl).join(oldUrl);
  return restored === before;
}
