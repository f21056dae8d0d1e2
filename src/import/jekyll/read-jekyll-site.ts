import { existsSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isTimeZone } from "../../config/config-schema.js";
import { listFiles } from "../../files/list-files.js";
import { slugify } from "../../site/slugify.js";
import { finishMarkdownBody } from "../convert/finish-markdown-body.js";
import { hostsOf, oldSitePath } from "../convert/old-site-path.js";
import { readBoolean, readList, readText } from "../front-matter/field-values.js";
import { keepUnknownFields } from "../front-matter/keep-unknown-fields.js";
import { type ContentFile, readContentFile } from "../front-matter/read-content-file.js";
import { readLenientYaml } from "../front-matter/read-lenient-yaml.js";
import { splitFrontMatter } from "../front-matter/split-front-matter.js";
import type { ImportNotes } from "../import-notes.js";
import { readSourceDate } from "../read-source-date.js";
import type {
  HeldFile,
  ReadOptions,
  SourceArchive,
  SourceImage,
  SourceStory,
} from "../source-archive.js";
import { safeDecode } from "../text-escapes.js";
import { convertLiquid } from "./convert-liquid.js";
import { jekyllPageUrl, jekyllPostUrl } from "./jekyll-url.js";

/** Front-matter keys an import reads. */
const usedKeys = new Set([
  "title",
  "date",
  "slug",
  "permalink",
  "categories",
  "category",
  "tags",
  "tag",
  "author",
  "authors",
  "excerpt",
  "description",
  "image",
  "redirect_from",
  "published",
  "last_modified_at",
  "expires",
]);

const markdown = "(?:md|markdown|mkdn|mkd|mdown)";
const postPattern = new RegExp(
  `^(?:(.+)/)?_posts/(?:.+/)?(\\d{4}-\\d{2}-\\d{2})-(.+)\\.${markdown}$`,
);
const draftPattern = new RegExp(`^(?:(.+)/)?_drafts/(?:.+/)?(.+)\\.${markdown}$`);
const pagePattern = new RegExp(`\\.${markdown}$`);
/** Folders and files a Jekyll site holds that are not content. */
const notContent =
  /^(?:_site|node_modules|vendor|\.jekyll-cache)(?:\/|$)|(?:^|\/)_(?!posts\/|drafts\/)[^/]*\/|^(?:README|LICENSE|CHANGELOG|CONTRIBUTING|CODE_OF_CONDUCT)\.[^/]*$/i;

/** Jekyll's `_config.yml`, as far as an import uses it. */
interface JekyllConfig {
  readonly data: Record<string, unknown>;
  readonly url?: string | undefined;
  readonly baseurl: string;
  readonly permalink?: string | undefined;
  readonly timeZone: string;
  readonly defaults: readonly {
    path: string;
    type?: string | undefined;
    values: Record<string, unknown>;
  }[];
  readonly exclude: readonly string[];
}

/**
 * Reads a Jekyll site: `_config.yml` (its permalink style, timezone and front-matter defaults),
 * posts in `_posts/` folders (date and slug from the file name, categories from the folders
 * above), drafts in `_drafts/`, and Markdown pages with front matter elsewhere. Front matter is
 * read as Jekyll's Psych read it (repeated keys, unindented quoted lines); Liquid in bodies is
 * converted when they are written.
 */
export async function readJekyllSite(options: ReadOptions): Promise<SourceArchive> {
  const root = options.source;
  const notes = options.notes;
  const config = await readJekyllConfig(root, notes);
  const files = (await listFiles(root)).filter(
    (file) =>
      !notContent.test(file) &&
      !config.exclude.some((e) => file === e || file.startsWith(`${e.replace(/\/$/, "")}/`)),
  );
  const stories: SourceStory[] = [];
  const paths = new WeakMap<SourceStory, string>();
  let redirects = 0;
  for (const file of files) {
    const post = postPattern.exec(file);
    const draft = post ? undefined : draftPattern.exec(file);
    if (!post && !draft && !pagePattern.test(file)) continue;
    const absPath = path.join(root, file);
    const read = await readContentFile(absPath, file, "jekyll", notes);
    if (!read) continue;
    if (!post && !draft && !read.hasFrontMatter) continue;
    if (read.data.redirect_to !== undefined) {
      redirects++;
      notes.add(
        "ItemSkipped",
        file,
        read.lineOf("redirect_to"),
        "a page that only redirects (redirect_to) was not imported",
      );
      continue;
    }
    const story = toStory(
      read,
      file,
      absPath,
      config,
      post ?? draft,
      post ? "post" : draft ? "draft" : "page",
      notes,
    );
    paths.set(story, file);
    stories.push(story);
  }
  const hosts = hostsOf([config.url]);
  const scopeSite = Object.fromEntries(
    Object.entries(config.data).filter(([, value]) => typeof value !== "object"),
  );

  const findFile = (ref: string, story: SourceStory): HeldFile | undefined => {
    const oldPath = oldSitePath(ref, hosts, story.oldUrl);
    if (oldPath === undefined) return undefined;
    let sitePath = safeDecode(oldPath.replace(/[?#].*$/, ""));
    if (config.baseurl && sitePath.startsWith(`${config.baseurl}/`))
      sitePath = sitePath.slice(config.baseurl.length);
    const relative = sitePath.replace(/^\/+/, "");
    if (
      relative === "" ||
      notContent.test(relative) ||
      relative.split("/").some((part) => part.startsWith("_") || part === "..")
    )
      return undefined;
    const absPath = path.join(root, relative);
    if (!absPath.startsWith(root + path.sep) || !existsSync(absPath) || !statSync(absPath).isFile())
      return undefined;
    return { absPath, publicPath: `/${relative}` };
  };

  return {
    generator: "Jekyll",
    site: {
      title: readText(config.data.title).value,
      url: config.url ? `${config.url.replace(/\/+$/, "")}${config.baseurl}` : undefined,
      description: readText(config.data.description).value,
      language:
        readText(config.data.lang).value ?? readText(config.data.locale).value?.replace("_", "-"),
      timeZone: config.timeZone,
    },
    stories,
    authors: [],
    sections: new Map(),
    hosts,
    publicFiles: [],
    counts: new Map(redirects ? [["redirect-only pages", redirects]] : []),
    findFile,
    async convertBody(context) {
      const file = paths.get(context.story) ?? "";
      const page = Object.fromEntries(
        Object.entries(await frontMatterOf(root, file)).filter(([, v]) => typeof v !== "object"),
      );
      const body = await context.story.readBody();
      const converted = await convertLiquid(body, context, {
        site: scopeSite,
        page,
        storyUrl: (ref) => {
          for (const key of refCandidates(ref)) {
            const url = context.storyUrl(key);
            if (url !== undefined) return url;
          }
          return undefined;
        },
        include: (name, relative) => {
          const base = relative
            ? path.join(root, path.dirname(file))
            : path.join(root, "_includes");
          const target = path.resolve(base, name);
          if (
            !target.startsWith(root + path.sep) ||
            !existsSync(target) ||
            !statSync(target).isFile()
          )
            return undefined;
          return readFileSync(target, "utf8");
        },
      });
      return finishMarkdownBody(converted, context);
    },
    dispose: async () => {},
  };
}

function toStory(
  read: ContentFile,
  file: string,
  absPath: string,
  config: JekyllConfig,
  match: RegExpExecArray | null | undefined,
  kind: "post" | "draft" | "page",
  notes: ImportNotes,
): SourceStory {
  const defaults = config.defaults
    .filter(
      (d) =>
        (d.type === undefined ||
          d.type === (kind === "page" ? "pages" : kind === "draft" ? "drafts" : "posts")) &&
        file.startsWith(d.path),
    )
    .reduce<Record<string, unknown>>((merged, d) => Object.assign(merged, d.values), {});
  const data: Record<string, unknown> = { ...defaults, ...read.data };
  const lineOf = (field: string) => {
    const keys: Record<string, string[]> = {
      expires: ["expires"],
      aliases: ["redirect_from", "permalink"],
      status: ["published"],
      summary: ["excerpt", "description"],
      categories: ["categories", "category"],
      authors: ["author", "authors"],
    };
    const key = (keys[field] ?? [field]).find((k) => Object.hasOwn(read.data, k));
    return key ? read.lineOf(key) : 1;
  };
  const fileSlug =
    kind === "post" ? (match?.[3] ?? "") : path.posix.basename(file).replace(/\.[^.]+$/, "");
  const slug = readText(data.slug).value ?? fileSlug;
  let title = readText(data.title).value;
  if (title === undefined && kind !== "page") {
    // Jekyll titles a post without one from its file name.
    title = fileSlug
      .split("-")
      .map((word) => (word ? `${word[0]?.toUpperCase()}${word.slice(1)}` : word))
      .join(" ");
    notes.add(
      "TitleMissing",
      file,
      1,
      `no title: "${title}", from the file name, as Jekyll titled it`,
    );
  }
  const dateValue = data.date ?? (kind === "post" ? match?.[2] : undefined);
  const date =
    dateValue === undefined
      ? undefined
      : readSourceDate(
          dateValue instanceof Date ? dateValue.toISOString() : dateValue,
          config.timeZone,
        );
  const folderCategories = kind === "post" ? (match?.[1]?.split("/").filter(Boolean) ?? []) : [];
  const categories = [...folderCategories, ...pluralized(data, "category", "categories")];
  const published = readBoolean(data.published) !== false && kind !== "draft";
  const permalink = readText(data.permalink).value;
  const oldUrl = !published
    ? undefined
    : kind === "page"
      ? `${config.baseurl}${jekyllPageUrl(file, permalink, config.permalink)}`
      : date
        ? `${config.baseurl}${jekyllPostUrl({ permalink, title: slug, categories, date: date.epochMs, timeZone: config.timeZone }, config.permalink)}`
        : undefined;
  const aliases = readList(data.redirect_from).value.map(
    (alias) => `${config.baseurl}${alias.startsWith("/") ? alias : `/${alias}`}`,
  );
  const author = data.author;
  const authors =
    author && typeof author === "object" && !Array.isArray(author)
      ? readList((author as Record<string, unknown>).name).value
      : readList(author ?? data.authors).value;
  const known = new Set(Object.keys(read.data).filter((key) => usedKeys.has(key)));
  const postName = kind === "post" ? path.posix.basename(file).replace(/\.[^.]+$/, "") : undefined;
  return {
    kind: kind === "page" ? "page" : "article",
    file,
    line: 1,
    lineOf,
    order: file,
    refs: [
      file,
      ...(postName ? [postName] : []),
      ...(postName && match?.[1] ? [`${match[1]}/${postName}`] : []),
    ],
    title,
    date,
    dateField: data.date !== undefined ? "date" : "file name",
    updated:
      data.last_modified_at === undefined
        ? undefined
        : readSourceDate(data.last_modified_at, config.timeZone),
    // Not Jekyll's own: the field sites that unpublish notices give their templates or a plugin.
    expires: data.expires === undefined ? undefined : readSourceDate(data.expires, config.timeZone),
    state: published ? "published" : "draft",
    slug,
    oldUrl,
    aliases,
    section: undefined,
    categories: categories.map((name) => ({ name, id: slugify(name) })),
    tags: pluralized(data, "tag", "tags"),
    authors,
    summary: readText(data.excerpt).value ?? readText(data.description).value,
    image: heroOf(data.image),
    extra: keepUnknownFields(read.data, (key) => known.has(key), file, read.lineOf, notes),
    bodyLine: read.bodyLine,
    // Read again when converted: bodies are not held for the whole import.
    readBody: async () => splitFrontMatter(await readFile(absPath, "utf8"), "jekyll").body,
  };
}

/** Jekyll's rule for `tag`/`tags` and `category`/`categories`: the singular key first; a plural string splits on spaces. */
function pluralized(data: Record<string, unknown>, singular: string, plural: string): string[] {
  if (data[singular] !== undefined && data[singular] !== null)
    return readList(data[singular]).value;
  return readList(data[plural], true).value;
}

function heroOf(value: unknown): SourceImage | undefined {
  if (typeof value === "string" && value.trim()) return { src: value.trim() };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    const src = readText(fields.path ?? fields.url ?? fields.src).value;
    if (src)
      return { src, alt: readText(fields.alt).value, caption: readText(fields.caption).value };
  }
  return undefined;
}

/** Names `{% link %}` and `{% post_url %}` may use for a story, most specific first. */
function refCandidates(ref: string): string[] {
  const clean = ref.trim().replace(/^\/+/, "");
  return [
    clean,
    `${clean}.md`,
    `${clean}.markdown`,
    `_posts/${clean}.md`,
    `_posts/${clean}.markdown`,
  ];
}

async function frontMatterOf(root: string, file: string): Promise<Record<string, unknown>> {
  if (!file) return {};
  const split = splitFrontMatter(await readFile(path.join(root, file), "utf8"), "jekyll");
  const read = readLenientYaml(split.frontMatter, split.frontMatterLine, "Jekyll");
  return read.ok ? read.data : {};
}

async function readJekyllConfig(root: string, notes: ImportNotes): Promise<JekyllConfig> {
  const name = ["_config.yml", "_config.yaml"].find((candidate) =>
    existsSync(path.join(root, candidate)),
  );
  let data: Record<string, unknown> = {};
  if (name) {
    const text = (await readFile(path.join(root, name), "utf8"))
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n");
    const read = readLenientYaml(text, 1, "Jekyll");
    if (read.ok) {
      data = read.data;
      for (const quirk of read.quirks) notes.add(quirk.code, name, quirk.line, quirk.message);
    } else
      notes.add("FileUnreadable", name, read.line, `${read.message}; Jekyll's defaults were used`);
  }
  const zone = readText(data.timezone).value;
  if (!zone || !isTimeZone(zone)) {
    notes.add(
      "TimezoneGuessed",
      name ?? "_config.yml",
      0,
      "no timezone in _config.yml (Jekyll used the zone of the machine that built the site): dates without a zone were read in UTC; set site.timezone in newsdeck.config.ts if that is wrong",
    );
  }
  const collections =
    data.collections && typeof data.collections === "object"
      ? (data.collections as Record<string, unknown>)
      : {};
  const posts =
    collections.posts && typeof collections.posts === "object"
      ? (collections.posts as Record<string, unknown>)
      : {};
  const defaults = Array.isArray(data.defaults)
    ? data.defaults.flatMap((entry) => {
        if (!entry || typeof entry !== "object") return [];
        const { scope, values } = entry as {
          scope?: Record<string, unknown>;
          values?: Record<string, unknown>;
        };
        if (!values || typeof values !== "object") return [];
        return [
          { path: readText(scope?.path).value ?? "", type: readText(scope?.type).value, values },
        ];
      })
    : [];
  return {
    data,
    url: readText(data.url).value,
    baseurl: (readText(data.baseurl).value ?? "").replace(/\/+$/, ""),
    permalink: readText(posts.permalink).value ?? readText(data.permalink).value,
    timeZone: zone && isTimeZone(zone) ? zone : "UTC",
    defaults,
    exclude: readList(data.exclude).value,
  };
}
