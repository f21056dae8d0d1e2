import { readFile } from "node:fs/promises";
import path from "node:path";
import { hashBytes } from "../cache/hash.js";
import { listFiles } from "../files/list-files.js";
import type { OutputFile } from "../write/output-file.js";

/** Theme assets with content-hashed names, and what templates call them by. */
export interface ThemeAssets {
  /** Asset name (`style.css`) to URL (`/assets/style.1a2b3c4d.css`). */
  readonly urls: ReadonlyMap<string, string>;
  readonly files: readonly OutputFile[];
}

/**
 * Collects `templates/assets/**` from the site and the default theme (the site's file wins,
 * name by name) and names each by its content hash, so a CDN may cache it for a year.
 */
export async function collectThemeAssets(layers: readonly string[]): Promise<ThemeAssets> {
  const chosen = new Map<string, string>();
  for (const layer of layers) {
    for (const name of await listFiles(path.join(layer, "assets"))) {
      if (!chosen.has(name)) chosen.set(name, path.join(layer, "assets", name));
    }
  }
  const urls = new Map<string, string>();
  const files: OutputFile[] = [];
  for (const [name, file] of [...chosen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const bytes = await readFile(file);
    const hash = hashBytes(bytes).slice(0, 10);
    const ext = path.posix.extname(name);
    const hashed = `assets/${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
    urls.set(name, `/${hashed}`);
    files.push({ path: hashed, data: bytes });
  }
  return { urls, files };
}
