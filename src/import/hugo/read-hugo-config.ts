import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isTimeZone } from "../../config/config-schema.js";
import { readText } from "../front-matter/field-values.js";
import type { FrontMatterRead } from "../front-matter/front-matter-read.js";
import { readJsonFrontMatter } from "../front-matter/read-json-front-matter.js";
import { readLenientYaml } from "../front-matter/read-lenient-yaml.js";
import { readTomlFrontMatter } from "../front-matter/read-toml-front-matter.js";
import type { ImportNotes } from "../import-notes.js";

/** What an import uses of a Hugo site's config. */
export interface HugoConfig {
  readonly file?: string | undefined;
  readonly title?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly language?: string | undefined;
  readonly description?: string | undefined;
  /** IANA zone Hugo read zone-less dates in (`timeZone`); UTC when unset, as in Hugo. */
  readonly timeZone: string;
  readonly contentDir: string;
  readonly staticDirs: readonly string[];
  /** Permalink patterns by section (`posts = "/:year/:month/:slug/"`). */
  readonly permalinks: ReadonlyMap<string, string>;
  readonly uglyUrls: boolean;
  readonly pathToLower: boolean;
}

const names = ["hugo", "config"].flatMap((base) =>
  ["toml", "yaml", "yml", "json"].map((ext) => `${base}.${ext}`),
);

/**
 * Finds and reads a Hugo site's config (`hugo.toml`, `config.yaml`, ... or the same under
 * `config/_default/`), with Hugo's case-insensitive keys. A config that cannot be read is
 * reported and Hugo's defaults are used.
 */
export async function readHugoConfig(root: string, notes: ImportNotes): Promise<HugoConfig> {
  const file = [...names, ...names.map((name) => `config/_default/${name}`)].find((name) =>
    existsSync(path.join(root, name)),
  );
  let data: Record<string, unknown> = {};
  if (file) {
    const text = (await readFile(path.join(root, file), "utf8"))
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n");
    const read: FrontMatterRead = file.endsWith(".toml")
      ? readTomlFrontMatter(text, 1)
      : file.endsWith(".json")
        ? readJsonFrontMatter(text, 1)
        : readLenientYaml(text, 1, "Hugo");
    if (read.ok) data = lowerKeys(read.data) as Record<string, unknown>;
    else notes.add("FileUnreadable", file, read.line, `${read.message}; Hugo's defaults were used`);
  }
  const params = (isRecord(data.params) ? data.params : {}) as Record<string, unknown>;
  const permalinks = new Map<string, string>();
  const rawPermalinks = isRecord(data.permalinks) ? data.permalinks : {};
  // Hugo 0.119+ nests patterns by page kind (`[permalinks.page] posts = ...`).
  const pagePatterns = isRecord(rawPermalinks.page) ? rawPermalinks.page : rawPermalinks;
  for (const [section, pattern] of Object.entries(pagePatterns)) {
    if (typeof pattern === "string") permalinks.set(section, pattern);
  }
  const staticDir = data.staticdir;
  const timeZone = readText(data.timezone).value;
  return {
    file,
    title: readText(data.title).value,
    baseUrl: readText(data.baseurl).value,
    language: readText(data.languagecode).value ?? readText(data.defaultcontentlanguage).value,
    description: readText(data.description).value ?? readText(params.description).value,
    timeZone: timeZone && isTimeZone(timeZone) ? timeZone : "UTC",
    contentDir: readText(data.contentdir).value ?? "content",
    staticDirs: Array.isArray(staticDir)
      ? staticDir.map(String)
      : [readText(staticDir).value ?? "static"],
    permalinks,
    uglyUrls: data.uglyurls === true,
    pathToLower: data.disablepathtolower !== true,
  };
}

function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key.toLowerCase(), lowerKeys(v)]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
