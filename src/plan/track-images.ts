import path from "node:path";
import type { BodyInfo } from "../cache/body-info.js";
import type { BuildState } from "../cache/build-state.js";
import { bodyImageFile } from "../templates/render-subject.js";

/** A page that shows images: `a:<id>` (an article), `p:<file>` (a static page), `b:<file>` (a bio). */
export type ImageUser = string;

/** One page's images before and after this build (absolute paths; empty when not in the build). */
export interface ImageUse {
  readonly user: ImageUser;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** What image bookkeeping found: sources first used now, and sources no page uses any more. */
export interface ImageChanges {
  readonly added: ReadonlySet<string>;
  readonly dropped: ReadonlySet<string>;
}

/**
 * The local image files a page shows: its hero and gallery, and the images in its body (those
 * inside `content/` or `public/`; others are errors reported when the page renders).
 */
export function imagesShown(
  root: string,
  absPath: string,
  frontMatter: readonly (string | undefined)[],
  body: BodyInfo | undefined,
): string[] {
  const files = new Set<string>();
  for (const file of frontMatter) if (file) files.add(file);
  const allowed = [path.join(root, "content"), path.join(root, "public")];
  for (const image of body?.images ?? []) {
    const file = bodyImageFile(root, absPath, image.src);
    if (allowed.some((dir) => file.startsWith(dir + path.sep))) files.add(file);
  }
  return [...files].sort();
}

/**
 * Keeps the state's table of image users (source file to the pages showing it) in step: a
 * source's published files exist while some page in the build shows it, and go with the last.
 * With `rebuild`, the table is made anew from `uses` (every page's images).
 */
export function trackImages(
  state: BuildState,
  uses: readonly ImageUse[],
  rebuild: boolean,
): ImageChanges {
  const table = state.tables.imageUsers;
  const before = new Set<string>(rebuild ? table.keys() : []);
  if (rebuild) for (const file of before) table.set(file, undefined);
  const added = new Set<string>();
  const dropped = new Set<string>();
  const change = (file: string, user: string, add: boolean) => {
    const users = table.get(file) ?? [];
    const has = users.includes(user);
    if (add === has) return;
    const next = add ? [...users, user].sort() : users.filter((other) => other !== user);
    if (users.length === 0 && next.length > 0 && !before.has(file)) added.add(file);
    if (next.length === 0) dropped.add(file);
    else dropped.delete(file);
    table.set(file, next.length > 0 ? next : undefined);
  };
  for (const use of uses) {
    if (!rebuild)
      for (const file of use.before) if (!use.after.includes(file)) change(file, use.user, false);
    for (const file of use.after)
      if (rebuild || !use.before.includes(file)) change(file, use.user, true);
  }
  if (rebuild) for (const file of before) if (!table.has(file)) dropped.add(file);
  for (const file of dropped) added.delete(file);
  return { added, dropped };
}
