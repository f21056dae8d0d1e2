import { readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "../outputs/collect-files.js";
import { hashBytes, hashKey } from "./hash.js";

/**
 * A hash of every file in the template layers (the site's `templates/`, then the default theme),
 * by name and content: any template, partial or asset edit changes it, and with it every page key.
 */
export async function fingerprintTemplates(layers: readonly string[]): Promise<string> {
  const entries: [string, string, string][] = [];
  for (const [index, layer] of layers.entries()) {
    for (const name of await listFiles(layer)) {
      entries.push([String(index), name, hashBytes(await readFile(path.join(layer, name)))]);
    }
  }
  return hashKey("templates", entries);
}
