import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "../../files/list-files.js";
import { slugify } from "../../site/slugify.js";
import { finishMarkdownBody } from "../convert/finish-markdown-body.js";
import { hostsOf, oldSitePath } from "../convert/old-site-path.js";
import { firstPresent, readBoolean, readList, readText } from "../front-matter/field-values.js";
import { keepUnknownFields } from "../front-matter/keep-unknown-fields.js";
import { type ContentFile, readContentFile } from "../front-matter/read-content-file.js";
import { splitFrontMatter } from "../front-matter/split-front-matter.js";
import type { ImportNotes } from "../import-notes.js";
import { readSourceDate, type SourceDate } from "../read-source-date.js";
import type {
  HeldFile,
  ReadOptions,
  SourceArchive,
  SourceImage,
  SourceStory,
} from "../source-archive.js";
import { safeDecode } from "../text-escapes.js";
import { convertHugoShortcodes } from "./convert-hugo-shortcodes.js";
import { type HugoUrlSettings, hugoPageUrl } from "./hugo-page-url.js";
import { readHugoConfig } from "./read-hugo-config.js";

/** Front-matter keys an import reads (lowercase: Hugo's keys are case-insensitive). */
const usedKeys = new Set([
  "title",
  "date",
  "publishdate",
  "pubdate",
  "published",
  "lastmod",
  "modified",
  "expirydate",
  "unpublishdate",
  "draft",
  "slug",
  "url",
  "aliases",
  "summary",
  "description",
  "images",
  "image",
  "featured_image",
  "cover",
  "categories",
  "tags",
  "authors",
  "author",
  "headless",
  "_build",
  "build",
]);

const markdownFile = /\.(?:md|markdown|mdown)$/i;

/** Where a Hugo story's files are, for resolving what its body names. */
interface HugoPlace {
  /** Folder under the content folder, forward slashes. */
  readonly dir: string;
  /** The leaf bundle's folder (absolute), when the story is `index.md` of one. */
  readonly bundle?: string | undefined;
  readonly refs: readonly string[];
}

/**
 * Reads a Hugo site: its config, every Markdown page under the content folder (YAML, TOML or
 * JSON front matter, read leniently as Hugo's readers do), leaf bundles with their resources,
 * `_index.md` files for section titles, and `static/`. Pages in a section folder are stories,
 * pages at the top of the content folder are static pages. The URL each had is worked out from
 * `url`, the section's permalink pattern, or its folder and slug.
 */
export async function readHugoSite(options: ReadOptions): Promise<SourceArchive> {
  const root = options.source;
  const notes = options.notes;
  const config = await readHugoConfig(root, notes);
  const contentDir = path.join(root, config.contentDir);
  const files = await listFiles(contentDir);
  const bundles = new Set(
    files
      .filter((f) => /(^|\/)index\.(?:md|markdown|mdown)$/i.test(f))
      .map((f) => path.posix.dirname(f)),
  );
  const basePath = basePathOf(config.baseUrl);
  const settings: HugoUrlSettings = {
    permalinks: config.permalinks,
    uglyUrls: config.uglyUrls,
    pathToLower: config.pathToLower,
    basePath,
    timeZone: config.timeZone,
  };
  const sections = new Map<string, { title: string; description?: string }>();
  const stories: SourceStory[] = [];
  const places = new WeakMap<SourceStory, HugoPlace>();
  let skipped = 0;
  for (const file of files) {
    if (!markdownFile.test(file)) continue;
    const dir = path.posix.dirname(file) === "." ? "" : path.posix.dirname(file);
    const inBundle = [...ancestors(dir)].find((folder) => bundles.has(folder));
    const isIndex = /(^|\/)index\.(?:md|markdown|mdown)$/i.test(file);
    // A Markdown file inside a leaf bundle is one of its resources, not a page.
    if (inBundle !== undefined && !(isIndex && inBundle === dir)) continue;
    const label = `${config.contentDir}/${file}`;
    const read = await readContentFile(path.join(contentDir, file), label, "hugo", notes);
    if (!read) continue;
    if (/(^|\/)_index\.(?:md|markdown|mdown)$/i.test(file)) {
      const title = readText(read.data.title).value;
      const top = dir.split("/")[0] ?? "";
      if (top && !dir.includes("/") && title) {
        const description = readText(
          firstPresent(read.data, ["description", "summary"], true)?.value,
        ).value;
        sections.set(slugify(top), { title, ...(description ? { description } : {}) });
      }
      continue;
    }
    if (isHeadless(read.data)) {
      skipped++;
      notes.add(
        "ItemSkipped",
        label,
        1,
        "a headless page (never rendered by Hugo) was not imported",
      );
      continue;
    }
    const bundleDir = isIndex ? dir : undefined;
    const place: HugoPlace = {
      dir:
        bundleDir !== undefined
          ? path.posix.dirname(dir) === "."
            ? ""
            : path.posix.dirname(dir)
          : dir,
      bundle: bundleDir !== undefined ? path.join(contentDir, bundleDir) : undefined,
      refs: refsOf(file, bundleDir),
    };
    const absPath = path.join(contentDir, file);
    const story = toStory(
      read,
      label,
      absPath,
      place,
      bundleDir !== undefined
        ? path.posix.basename(bundleDir)
        : path.posix.basename(file).replace(markdownFile, ""),
      settings,
      notes,
    );
    places.set(story, place);
    stories.push(story);
  }

  const staticDirs = config.staticDirs.map((dir) => path.join(root, dir));
  const publicFiles: HeldFile[] = [];
  for (const dir of staticDirs) {
    for (const file of await listFiles(dir))
      publicFiles.push({ absPath: path.join(dir, file), publicPath: `/${file}` });
  }
  const hosts = hostsOf([config.baseUrl]);
  const refIndex = new Map<string, SourceStory>();
  for (const story of stories)
    for (const ref of story.refs) if (!refIndex.has(ref)) refIndex.set(ref, story);

  const findFile = (ref: string, story: SourceStory): HeldFile | undefined => {
    const place = places.get(story);
    const clean = safeDecode(ref.trim().replace(/[?#].*$/, ""));
    const relative = clean !== "" && !/^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(clean);
    if (relative && place?.bundle) {
      const absPath = path.resolve(place.bundle, clean);
      if (isFileInside(absPath, place.bundle) && story.oldUrl) {
        return { absPath, publicPath: path.posix.join(story.oldUrl.replace(/[^/]*$/, ""), clean) };
      }
    }
    const oldPath = oldSitePath(ref, hosts, story.oldUrl);
    if (oldPath === undefined) return undefined;
    // A relative path that is not the bundle's is read from the page's URL, and, as themes read
    // `images:`, from the site root.
    const sitePaths = [stripBase(oldPath.replace(/[?#].*$/, ""), basePath)];
    if (relative) sitePaths.push(`/${clean}`);
    for (const sitePath of sitePaths) {
      for (const dir of [...staticDirs, contentDir]) {
        const absPath = path.join(dir, sitePath);
        if (isFileInside(absPath, dir)) return { absPath, publicPath: sitePath };
      }
    }
    return undefined;
  };

  return {
    generator: "Hugo",
    site: {
      title: config.title,
      url: config.baseUrl,
      description: config.description,
      language: config.language,
      timeZone: config.timeZone,
    },
    stories,
    authors: [],
    sections,
    hosts,
    publicFiles,
    counts: new Map(skipped ? [["headless pages", skipped]] : []),
    findFile,
    async convertBody(context) {
      const place = places.get(context.story);
      const resolveRef = (ref: string) => {
        const candidates = [ref, ref.replace(/^\//, "")];
        if (place && !ref.startsWith("/"))
          candidates.unshift(
            path.posix.join(
              place.bundle
                ? path.posix.join(place.dir, path.posix.basename(place.bundle))
                : place.dir,
              ref,
            ),
          );
        for (const candidate of candidates) {
          const key = normaliseRef(candidate);
          if (refIndex.has(key)) return context.storyUrl(key);
        }
        return undefined;
      };
      const body = await context.story.readBody();
      const converted = await convertHugoShortcodes(body, context, resolveRef);
      return finishMarkdownBody(converted, context);
    },
    dispose: async () => {},
  };
}

function toStory(
  read: ContentFile,
  file: string,
  absPath: string,
  place: HugoPlace,
  baseName: string,
  settings: HugoUrlSettings,
  notes: ImportNotes,
): SourceStory {
  const data = read.data;
  const get = (keys: string[]) => firstPresent(data, keys, true);
  const lineOf = (field: string) => {
    const keys: Record<string, string[]> = {
      title: ["title"],
      date: ["publishdate", "pubdate", "published", "date"],
      expires: ["expirydate", "unpublishdate"],
      slug: ["slug", "url"],
      aliases: ["aliases", "url", "slug"],
      tags: ["tags", "categories"],
      categories: ["categories"],
      image: ["cover", "images", "image", "featured_image"],
      summary: ["summary", "description"],
      status: ["draft"],
      authors: ["authors", "author"],
    };
    const key = (keys[field] ?? [field])
      .map((k) => Object.keys(data).find((d) => d.toLowerCase() === k))
      .find(Boolean);
    return key ? read.lineOf(key) : 1;
  };
  const text = (keys: string[]) => {
    const found = get(keys);
    const value = readText(found?.value);
    if (value.coerced && found)
      notes.add(
        "ValueCoerced",
        file,
        read.lineOf(found.key),
        `${found.key} was not text: read as "${value.value ?? ""}"`,
      );
    return value.value;
  };
  const published = get(["publishdate", "pubdate", "published", "date", "lastmod", "modified"]);
  // Without a date field, a date at the start of the file name (Hugo's `:filename` rule).
  const fromName = /^(\d{4}-\d{2}-\d{2})-(.+)$/.exec(baseName);
  const date = dateOf(published?.value ?? fromName?.[1], settings.timeZone);
  const title = text(["title"]);
  const slug = text(["slug"]);
  const url = text(["url"]);
  const dir = place.dir;
  const oldUrl = hugoPageUrl({ dir, baseName, slug, url, title, date: date?.epochMs }, settings);
  const aliases = readList(get(["aliases"])?.value).value.map((alias) =>
    alias.startsWith("/") || /^https?:/i.test(alias) ? alias : `/${dir ? `${dir}/` : ""}${alias}`,
  );
  const draft = readBoolean(get(["draft"])?.value) === true;
  const known = new Set(Object.keys(data).filter((key) => usedKeys.has(key.toLowerCase())));
  return {
    kind: dir === "" ? "page" : "article",
    file,
    line: 1,
    lineOf,
    order: file,
    refs: place.refs,
    title,
    date,
    dateField: published?.key ?? "date",
    updated: dateOf(get(["lastmod", "modified"])?.value, settings.timeZone),
    expires: dateOf(get(["expirydate", "unpublishdate"])?.value, settings.timeZone),
    state: draft ? "draft" : "published",
    slug: slug ?? (published === undefined && fromName ? (fromName[2] ?? baseName) : baseName),
    oldUrl: draft ? undefined : oldUrl,
    aliases,
    section: dir.split("/")[0] || undefined,
    categories: readList(get(["categories"])?.value).value.map((name) => ({
      name,
      id: slugify(name),
    })),
    tags: readList(get(["tags"])?.value).value,
    authors: readList(get(["authors", "author"])?.value).value,
    summary: text(["summary", "description"]),
    image: heroOf(data),
    extra: keepUnknownFields(data, (key) => known.has(key), file, read.lineOf, notes),
    bodyLine: read.bodyLine,
    // Read again when converted: bodies are not held for the whole import.
    readBody: async () => splitFrontMatter(await readFile(absPath, "utf8"), "hugo").body,
  };
}

/** A hero image from the fields themes use: `cover.image`, `images[0]`, `image`, `featured_image`. */
function heroOf(data: Record<string, unknown>): SourceImage | undefined {
  const cover = firstPresent(data, ["cover"], true)?.value;
  if (cover && typeof cover === "object" && !Array.isArray(cover)) {
    const fields = cover as Record<string, unknown>;
    const src = readText(fields.image).value;
    if (src)
      return { src, alt: readText(fields.alt).value, caption: readText(fields.caption).value };
  }
  const images = readList(firstPresent(data, ["images"], true)?.value).value;
  const src =
    images[0] ?? readText(firstPresent(data, ["image", "featured_image"], true)?.value).value;
  return src ? { src } : undefined;
}

function dateOf(value: unknown, timeZone: string): SourceDate | undefined {
  return value === undefined ? undefined : readSourceDate(value, timeZone);
}

function isHeadless(data: Record<string, unknown>): boolean {
  if (readBoolean(firstPresent(data, ["headless"], true)?.value) === true) return true;
  const build = firstPresent(data, ["_build", "build"], true)?.value;
  if (build && typeof build === "object") {
    const render = (build as Record<string, unknown>).render;
    return render === false || render === "never";
  }
  return false;
}

/** Names `ref` and `relref` may use for a page: its path with and without extension. */
function refsOf(file: string, bundleDir: string | undefined): string[] {
  const withoutExtension = file.replace(markdownFile, "");
  const refs = [file, withoutExtension];
  if (bundleDir !== undefined) refs.push(bundleDir);
  refs.push(path.posix.basename(file), path.posix.basename(withoutExtension));
  if (bundleDir !== undefined) refs.push(path.posix.basename(bundleDir));
  return [...new Set(refs.map(normaliseRef))];
}

function normaliseRef(ref: string): string {
  return ref.replace(/^\/+|\/+$/g, "").toLowerCase();
}

function* ancestors(dir: string): Generator<string> {
  let current = dir;
  while (current !== "" && current !== ".") {
    yield current;
    const parent = path.posix.dirname(current);
    current = parent === "." ? "" : parent;
  }
}

function basePathOf(baseUrl: string | undefined): string {
  if (!baseUrl) return "";
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

function stripBase(sitePath: string, basePath: string): string {
  return basePath && sitePath.startsWith(`${basePath}/`)
    ? sitePath.slice(basePath.length)
    : sitePath;
}

function isFileInside(absPath: string, dir: string): boolean {
  return absPath.startsWith(dir + path.sep) && existsSync(absPath) && statSync(absPath).isFile();
}
