import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import type { SourceIdentity } from "../images/image-registry.js";
import type { SourceChanges } from "./find-changes.js";
import type { ScannedFile } from "./scan-sources.js";

/**
 * Records what a successful build saw of its sources: each content and public file's signature
 * and content id, each template's, each shown image's (as the scan found it, or as the pages that
 * showed it for the first time read it); files that are gone are forgotten. The next build
 * compares against this.
 */
export function recordSources(
  state: BuildState,
  changes: SourceChanges,
  root: string,
  images: ReadonlyMap<string, SourceIdentity>,
): void {
  const files = state.tables.files;
  const put = (file: ScannedFile, key = file.file) => {
    if (file.recorded) return;
    const before = files.get(key);
    if (!before || before.sig !== file.sig || before.id !== file.id)
      files.set(key, { sig: file.sig, id: file.id });
  };
  const { articles, authors, pages } = changes.content;
  for (const scan of [articles, authors, pages]) {
    for (const file of scan.files) put(file);
    for (const file of scan.removed) files.set(file, undefined);
  }
  for (const file of changes.publicFiles.files) put(file, `public/${file.file}`);
  for (const file of changes.publicFiles.removed) files.set(`public/${file}`, undefined);
  for (const [, image] of changes.images) if (image) put(image);
  for (const image of state.tables.imageUsers.keys()) {
    const read = images.get(image);
    if (!read || changes.images.get(image)) continue;
    const rel = path.relative(root, image).split(path.sep).join("/");
    // Images outside the site (a theme's) are not recorded: the scan only looks inside it.
    if (rel.startsWith("../") || path.isAbsolute(rel)) continue;
    const before = files.get(rel);
    if (!before || before.sig !== read.sig || before.id !== read.id) files.set(rel, read);
  }
  const templates = state.tables.templates;
  const names = new Set<string>();
  for (const template of changes.templates) {
    names.add(template.name);
    const before = templates.get(template.name);
    if (!before || before.sig !== template.sig || before.id !== template.id)
      templates.set(template.name, { sig: template.sig, id: template.id });
  }
  for (const name of [...templates.keys()]) if (!names.has(name)) templates.set(name, undefined);
}
