import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import { contentId, isRacy, statSignature } from "../cache/content-id.js";
import { idKey } from "../cache/lazy-table.js";
import { compareKeys } from "../cache/tsv.js";
import {
  type FolderScan,
  type IdentityContext,
  identifyFile,
  listFolder,
  type ScannedFile,
  scanFolder,
} from "./scan-sources.js";

/** The content files of a site, by kind, as a scan found them. */
export interface ContentScan {
  readonly articles: FolderScan;
  readonly authors: FolderScan;
  readonly pages: FolderScan;
}

/** A template name and the file it resolves to now. */
export interface TemplateFile {
  readonly name: string;
  readonly absPath: string;
  readonly id: string;
  readonly sig: string;
}

/** What changed in a site's sources since the state's build. */
export interface SourceChanges {
  readonly content: ContentScan;
  /** Every template name (site's and theme's), resolved, with its content id. */
  readonly templates: readonly TemplateFile[];
  /** Template names whose resolved file changed, came or went. */
  readonly changedTemplates: ReadonlySet<string>;
  /** Files under `public/` (paths relative to it). */
  readonly publicFiles: FolderScan;
  /** Image files some page showed whose bytes changed or that are gone (absolute paths). */
  readonly changedImages: ReadonlySet<string>;
  /** Every image file some page shows, as identified now (absolute path to file). */
  readonly images: ReadonlyMap<string, ScannedFile | undefined>;
  /** Whether the site has its own `public/robots.txt`. */
  readonly hasRobots: boolean;
  /** Every path under `public/` now (relative to it). */
  readonly publicPaths: readonly string[];
  /** Paths under `public/` whose bytes changed or that are new, and those gone. */
  readonly publicChanges: {
    readonly changed: readonly string[];
    readonly removed: readonly string[];
  };
}

/** Content files, by kind. */
const contentKinds = {
  articles: (rel: string) => rel.startsWith("content/articles/") && rel.endsWith(".md"),
  authors: (rel: string) => /^content\/authors\/[^/]+\.md$/.test(rel),
  pages: (rel: string) => /^content\/pages\/[^/]+\.md$/.test(rel),
} as const;

/**
 * Compares the site with what the state recorded: content, templates (the site's and the
 * default theme's), `public/`, and the image files pages showed. A file whose metadata is
 * unchanged is not read. With `known` (a watcher's list of changed paths), only those paths are
 * looked at: `newsdeck dev` knows what changed without a scan.
 */
export function findChanges(
  context: IdentityContext,
  state: BuildState,
  layers: readonly string[],
  known?: ReadonlySet<string> | undefined,
): SourceChanges {
  const scan = (folder: string, accept: (rel: string) => boolean): FolderScan =>
    known ? scanKnown(context, folder, accept, known) : scanFolder(context, folder, accept);
  const publicScan = scan("public", () => true);
  const publicFiles: FolderScan = {
    files: publicScan.files.map((file) => ({ ...file, file: file.file.slice("public/".length) })),
    removed: publicScan.removed.map((file) => file.slice("public/".length)),
  };
  const { templates, changedTemplates } = scanTemplates(state, layers, context.realNow);

  const images = new Map<string, ScannedFile | undefined>();
  const changedImages = new Set<string>();
  for (const image of state.tables.imageUsers.keys()) {
    const rel = path.relative(context.root, image).split(path.sep).join("/");
    if (known && !known.has(rel)) {
      images.set(image, undefined);
      continue;
    }
    const found = identifyFile(context, rel);
    images.set(image, found);
    if (!found || found.changed) changedImages.add(image);
  }
  const content: ContentScan = {
    // A watcher's list names the image, not the stories that show it: they are looked at too,
    // as the build validates them again.
    articles: known
      ? scanKnown(
          context,
          "content/articles",
          contentKinds.articles,
          new Set([...known, ...imageUsersOf(state, changedImages)]),
        )
      : scanFolder(context, "content/articles", contentKinds.articles),
    // Author bios and static pages are few and placed as a whole set (a page missing from the
    // scan is a page removed): always looked at in full, from their metadata.
    authors: scanFolder(context, "content/authors", contentKinds.authors),
    pages: scanFolder(context, "content/pages", contentKinds.pages),
  };
  const hasRobots = known
    ? existsSync(path.join(context.root, "public", "robots.txt"))
    : publicFiles.files.some((file) => file.file === "robots.txt");
  const publicChanges = {
    changed: publicFiles.files.filter((file) => file.changed).map((file) => file.file),
    removed: publicFiles.removed,
  };
  let publicPaths = publicFiles.files.map((file) => file.file);
  if (known) {
    const paths = new Set<string>();
    for (const key of context.records.keysAfter("public/")) {
      if (!key.startsWith("public/")) break;
      paths.add(key.slice("public/".length));
    }
    for (const file of publicPaths) paths.add(file);
    for (const file of publicFiles.removed) paths.delete(file);
    publicPaths = [...paths].sort(compareKeys);
  }
  return {
    content,
    templates,
    changedTemplates,
    publicFiles,
    changedImages,
    images,
    hasRobots,
    publicChanges,
    publicPaths,
  };
}

/** A scan of the files a watcher reported, in place of a whole folder. */
function scanKnown(
  context: IdentityContext,
  folder: string,
  accept: (rel: string) => boolean,
  known: ReadonlySet<string>,
): FolderScan {
  const files: ScannedFile[] = [];
  const removed: string[] = [];
  const prefix = `${folder}/`;
  const seen = new Set<string>();
  const look = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const found = identifyFile(context, rel);
    if (found) files.push(found);
    else if (context.records.has(rel)) removed.push(rel);
  };
  for (const rel of [...known].sort(compareKeys)) {
    if (!rel.startsWith(prefix) && rel !== folder) continue;
    // A folder that appeared: a watcher may report only some of the files written into it as
    // it was made, so it is listed whole.
    if (statSync(path.join(context.root, rel), { throwIfNoEntry: false })?.isDirectory()) {
      for (const inside of listFolder(path.join(context.root, rel), rel))
        if (accept(inside)) look(inside);
    } else if (accept(rel)) look(rel);
  }
  // A folder removed or renamed as a whole: its files were recorded under it.
  for (const rel of known) {
    if (!rel.startsWith(prefix) || accept(rel) || existsSync(path.join(context.root, rel)))
      continue;
    for (const recorded of context.records.keysAfter(`${rel}/`)) {
      if (!recorded.startsWith(`${rel}/`)) break;
      if (accept(recorded) && !existsSync(path.join(context.root, recorded)))
        removed.push(recorded);
    }
  }
  files.sort((a, b) => compareKeys(a.file, b.file));
  return { files, removed: [...new Set(removed)].sort(compareKeys) };
}

/**
 * Every template name in the layers (the site's `templates/` first, then the theme's), each
 * resolved to the first layer that has it, with its content id; and the names whose file
 * changed, came or went since the state's build. A template is small: one whose metadata changed
 * is read and hashed.
 */
function scanTemplates(
  state: BuildState,
  layers: readonly string[],
  realNow: number,
): { templates: TemplateFile[]; changedTemplates: Set<string> } {
  const recorded = state.tables.templates;
  const chosen = new Map<string, string>();
  for (const layer of layers) {
    if (!existsSync(layer)) continue;
    for (const name of listFolder(layer, ""))
      if (!chosen.has(name)) chosen.set(name, path.join(layer, name));
  }
  const templates: TemplateFile[] = [];
  const changedTemplates = new Set<string>();
  for (const name of [...chosen.keys()].sort(compareKeys)) {
    const absPath = chosen.get(name) as string;
    const stats = lstatSync(absPath);
    const current = `${layers.findIndex((layer) => absPath.startsWith(layer + path.sep))}:${statSignature(stats)}`;
    const before = recorded.get(name);
    const id =
      before && before.sig !== "" && before.sig === current
        ? before.id
        : contentId(readFileSync(absPath));
    templates.push({ name, absPath, id, sig: isRacy(stats, realNow) ? "" : current });
    if (before?.id !== id) changedTemplates.add(name);
  }
  for (const name of recorded.keys()) if (!chosen.has(name)) changedTemplates.add(name);
  return { templates, changedTemplates };
}

/** Content files (relative to the root) that show one of `images`: validated again when one changed or went. */
export function imageUsersOf(state: BuildState, images: ReadonlySet<string>): Set<string> {
  const { tables } = state;
  const files = new Set<string>();
  for (const image of images) {
    for (const user of tables.imageUsers.get(image) ?? []) {
      if (user.startsWith("a:")) {
        const entry = tables.articles.get(idKey(Number(user.slice(2))));
        if (entry) files.add(entry.file);
      } else files.add(user.slice(2));
    }
  }
  return files;
}
