import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { collectEvery } from "../../memory/collect-garbage.js";
import { htmlToText } from "../convert/html-text.js";
import { hostsOf, oldSitePath } from "../convert/old-site-path.js";
import { readSourceDate, type SourceDate } from "../read-source-date.js";
import type {
  HeldFile,
  ReadOptions,
  SourceArchive,
  SourceAuthor,
  SourceState,
  SourceStory,
} from "../source-archive.js";
import { escapeRegExp, safeDecode } from "../text-escapes.js";
import type { WordPressAttachment } from "./expand-shortcodes.js";
import { guessTimeZone } from "./guess-time-zone.js";
import { readWxr, type WxrItem, type WxrText } from "./read-wxr.js";
import { wordpressBodyToMarkdown } from "./wordpress-body-to-markdown.js";

/** Post meta an import uses; every other key's value is skipped unread. */
const metaKeys = new Set([
  "_thumbnail_id",
  "_wp_attachment_image_alt",
  "_wp_old_slug",
  "_expiration-date",
  "_expiration-date-status",
  "_yoast_wpseo_metadesc",
]);

/** Statuses that never reach readers and are not imported at all. */
const discardedStatuses = new Set(["trash", "auto-draft", "inherit"]);

/** XML errors a reader can step over: a character XML forbids, read as it stood. */
const characterError = /disallowed character|invalid character/i;

/**
 * What the import keeps of a post or page while the rest of the export is read: its small
 * fields as plain strings (its HTML is staged on disk), one object of one shape per post.
 */
interface PostRecord {
  /** The staged body's number: `<staging>/<index>.html`. */
  readonly index: number;
  readonly line: number;
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly hasPassword: boolean;
  readonly title: string;
  readonly link: string;
  readonly creator: string;
  readonly date: string;
  readonly dateGmt: string;
  readonly name: string;
  readonly commentStatus: string;
  readonly excerpt: string;
  /** `[domain, nicename, name]` of each category, tag or other term. */
  readonly terms: readonly (readonly [string, string, string])[];
  readonly meta: readonly (readonly [string, string])[];
  readonly comments: number;
  readonly lines: {
    readonly title: number;
    readonly date: number;
    readonly dateGmt: number;
    readonly name: number;
    readonly status: number;
    readonly excerpt: number;
    readonly link: number;
    readonly content: number;
  };
}

/**
 * Reads a WordPress export (WXR) into a source archive, streaming: each post's HTML is staged
 * in its own file as it is read, so memory holds only the small fields of each post. Posts and
 * pages become stories; attachments become the images galleries and featured images name;
 * authors become bylines; categories become sections and tags. Menus, revisions, reusable
 * blocks and other item types are counted in the report. An item the XML parser could not
 * close is listed as unreadable.
 */
export async function readWordPressArchive(options: ReadOptions): Promise<SourceArchive> {
  const file = path.basename(options.source);
  const staging = path.join(options.stagingDir, "wordpress");
  await mkdir(staging, { recursive: true });
  const notes = options.notes;

  let channel: ReadonlyMap<string, WxrText> = new Map();
  const authorNames = new Map<string, string>();
  const categories = new Map<string, { title: string; description?: string }>();
  const attachments = new Map<string, WordPressAttachment>();
  const childAttachments = new Map<string, WordPressAttachment[]>();
  const posts: PostRecord[] = [];
  const skipped = new Map<string, { count: number; line: number }>();
  const xmlErrors: { line: number; text: string }[] = [];
  let comments = 0;

  // Reading leaves garbage V8 lets pile up (hundreds of MB over 20,000 posts): collected as it goes.
  const collect = collectEvery(5000);
  const stream = createReadStream(options.source, { encoding: "utf8", highWaterMark: 1 << 16 });
  for await (const entry of readWxr(stream as AsyncIterable<string>, metaKeys)) {
    switch (entry.type) {
      case "channel":
        channel = entry.fields;
        break;
      case "wp:author": {
        const login = text(entry.fields, "wp:author_login");
        const display = text(entry.fields, "wp:author_display_name");
        const full = [
          text(entry.fields, "wp:author_first_name"),
          text(entry.fields, "wp:author_last_name"),
        ]
          .filter(Boolean)
          .join(" ");
        if (login) authorNames.set(login, display || full || login);
        break;
      }
      case "wp:category": {
        const nicename = text(entry.fields, "wp:category_nicename");
        const name = htmlToText(text(entry.fields, "wp:cat_name"));
        const description = htmlToText(text(entry.fields, "wp:category_description"));
        if (nicename && name)
          categories.set(nicename, { title: name, ...(description ? { description } : {}) });
        break;
      }
      case "error": {
        const message = entry.message.replace(/\.$/, "");
        if (characterError.test(message)) {
          notes.add(
            "XmlRepaired",
            file,
            entry.line,
            `${message} at column ${entry.column}; read as it stood`,
          );
        } else if (entry.itemLine !== undefined) {
          notes.add(
            "FileUnreadable",
            file,
            entry.itemLine,
            `the item could not be read: ${message} (line ${entry.line}, column ${entry.column})`,
          );
        } else {
          xmlErrors.push({ line: entry.line, text: `${message} (column ${entry.column})` });
        }
        break;
      }
      case "item": {
        collect();
        comments += entry.comments;
        const type = text(entry.fields, "wp:post_type") || "post";
        const status = text(entry.fields, "wp:status");
        if (type === "attachment") {
          const attachment = structuredClone(readAttachment(entry));
          attachments.set(attachment.id, attachment);
          const siblings = childAttachments.get(attachment.parent) ?? [];
          siblings.push(attachment);
          childAttachments.set(attachment.parent, siblings);
        } else if ((type === "post" || type === "page") && !discardedStatuses.has(status)) {
          await writeFile(
            path.join(staging, `${posts.length}.html`),
            text(entry.fields, "content:encoded"),
          );
          // The body is on disk; the small fields are kept, copied (structuredClone copies each
          // string: a field read by the parser can be a slice that keeps its whole 64 KB chunk
          // of the export alive, once per post).
          posts.push(structuredClone(postRecord(entry, posts.length)));
        } else {
          const key = type === "post" || type === "page" ? `${type} (${status})` : type;
          const seen = skipped.get(key);
          skipped.set(key, { count: (seen?.count ?? 0) + 1, line: seen?.line ?? entry.line });
        }
        break;
      }
      default:
        break;
    }
  }

  // One wrong tag makes the parser report every tag it closes after it: the first is the one to fix.
  const [firstError, ...laterErrors] = xmlErrors;
  if (firstError) {
    const more = laterErrors.length
      ? `; ${laterErrors.length} more error${laterErrors.length === 1 ? "" : "s"} follow from it`
      : "";
    notes.add(
      "FileUnreadable",
      file,
      firstError.line,
      `the export is not well-formed XML here: ${firstError.text}${more}`,
    );
  }

  for (const [type, { count, line }] of skipped) {
    notes.add(
      "ItemSkipped",
      file,
      line,
      `${count} item${count === 1 ? "" : "s"} of type ${type} ${count === 1 ? "was" : "were"} not imported (not a published, scheduled, draft or private post or page)`,
    );
  }

  const zone = guessTimeZone(posts.map((post) => [post.date, post.dateGmt] as const));
  if (zone.note) notes.add("TimezoneGuessed", file, 0, zone.note);

  const siteUrl = text(channel, "wp:base_blog_url") || text(channel, "link") || undefined;
  const hosts = hostsOf([siteUrl, text(channel, "wp:base_site_url"), text(channel, "link")]);
  const postIds = new WeakMap<SourceStory, string>();
  const stories = posts.map((post) => {
    const story = toStory(
      post,
      staging,
      file,
      zone.timeZone,
      authorNames,
      attachments,
      hosts,
      notes,
    );
    postIds.set(story, post.id);
    return story;
  });

  const authors: SourceAuthor[] = [...new Set(authorNames.values())]
    .sort()
    .map((name) => ({ name }));
  const uploads = options.uploads ? path.resolve(options.uploads) : undefined;
  return {
    generator: "WordPress",
    site: {
      title: htmlToText(text(channel, "title")) || undefined,
      url: siteUrl,
      description: htmlToText(text(channel, "description")) || undefined,
      language: text(channel, "language") || undefined,
      timeZone: zone.timeZone,
    },
    stories,
    authors,
    sections: categories,
    hosts,
    publicFiles: [],
    counts: new Map([
      ["attachments", attachments.size],
      ["comments", comments],
    ]),
    findFile: (ref) => (uploads ? findUpload(ref, uploads, hosts) : undefined),
    convertBody: async (context) =>
      wordpressBodyToMarkdown(await context.story.readBody(), context, {
        attachments,
        childrenOf: (postId) => childAttachments.get(postId) ?? [],
        postId: postIds.get(context.story) ?? "",
      }),
    dispose: () => rm(staging, { recursive: true, force: true }),
  };
}

function toStory(
  post: PostRecord,
  staging: string,
  file: string,
  timeZone: string,
  authorNames: ReadonlyMap<string, string>,
  attachments: ReadonlyMap<string, WordPressAttachment>,
  hosts: readonly string[],
  notes: ReadOptions["notes"],
): SourceStory {
  const state: SourceState = post.hasPassword
    ? "password"
    : post.status === "publish" || post.status === "future"
      ? "published"
      : post.status === "private"
        ? "private"
        : "draft";
  const gmt = post.dateGmt && !post.dateGmt.startsWith("0000") ? post.dateGmt : undefined;
  const date: SourceDate | undefined = gmt
    ? readSourceDate(`${gmt}Z`, timeZone)
    : readSourceDate(post.date, timeZone);
  const slug = safeDecode(post.name);
  const oldUrl = state === "published" && post.link ? oldSitePath(post.link, hosts) : undefined;
  const aliases: string[] = [];
  if (oldUrl && slug) {
    for (const old of metaValues(post, "_wp_old_slug")) {
      // WordPress redirects a post's earlier slugs: the same URL with the old slug in its place.
      const replaced: string = oldUrl.replace(
        new RegExp(`/${escapeRegExp(slug)}(/?)$`),
        `/${safeDecode(old)}$1`,
      );
      if (replaced !== oldUrl) aliases.push(replaced);
    }
  }
  const expiration = metaValue(post, "_expiration-date");
  const expires =
    expiration && metaValue(post, "_expiration-date-status") !== "disabled"
      ? readSourceDate(Number(expiration), timeZone)
      : undefined;
  const title = htmlToText(post.title);
  if (post.comments > 0) {
    notes.add(
      "CommentsNotImported",
      file,
      post.line,
      `${post.comments} reader comment${post.comments === 1 ? "" : "s"} on "${title}" ${post.comments === 1 ? "was" : "were"} not imported`,
    );
  }
  // Featured images name attachments that may come anywhere in the export: all are read now.
  const thumbnail = metaValue(post, "_thumbnail_id");
  const featured = thumbnail ? attachments.get(thumbnail) : undefined;
  // The closures below hold numbers only: the record is let go once its story is made.
  const { lines, index, line } = post;
  const lineOf: Record<string, number> = {
    title: lines.title,
    date: gmt ? lines.dateGmt : lines.date,
    "wp:post_date": lines.date,
    "wp:post_date_gmt": lines.dateGmt,
    slug: lines.name,
    status: lines.status,
    summary: lines.excerpt,
    aliases: lines.link,
  };
  return {
    kind: post.type === "page" ? "page" : "article",
    file,
    line: post.line,
    lineOf: (field) => lineOf[field] || line,
    order: post.id.padStart(12, "0"),
    refs: [post.id, `/?p=${post.id}`, `/?page_id=${post.id}`],
    title: title || undefined,
    date,
    dateField: gmt ? "wp:post_date_gmt" : "wp:post_date",
    expires,
    state,
    slug,
    oldUrl,
    aliases,
    categories: post.terms
      .filter(([domain, , name]) => domain === "category" && name)
      .map(([, nicename, name]) => ({ name: htmlToText(name), id: safeDecode(nicename) })),
    tags: post.terms
      .filter(([domain, , name]) => domain === "post_tag" && name)
      .map(([, , name]) => htmlToText(name)),
    authors: post.creator ? [authorNames.get(post.creator) ?? post.creator] : [],
    summary: htmlToText(post.excerpt) || metaValue(post, "_yoast_wpseo_metadesc") || undefined,
    image: featured && {
      src: featured.url,
      alt: featured.alt || undefined,
      caption: featured.caption || undefined,
    },
    comments: post.commentStatus === "closed" ? "closed" : undefined,
    extra: [],
    bodyLine: lines.content || post.line,
    readBody: () => readFile(path.join(staging, `${index}.html`), "utf8"),
  };
}

/** The small fields of a post or page item. */
function postRecord(item: WxrItem, index: number): PostRecord {
  const line = (name: string) => item.fields.get(name)?.line ?? 0;
  return {
    index,
    line: item.line,
    id: text(item.fields, "wp:post_id"),
    type: text(item.fields, "wp:post_type") || "post",
    status: text(item.fields, "wp:status"),
    hasPassword: text(item.fields, "wp:post_password") !== "",
    title: text(item.fields, "title"),
    link: text(item.fields, "link"),
    creator: text(item.fields, "dc:creator"),
    date: text(item.fields, "wp:post_date"),
    dateGmt: text(item.fields, "wp:post_date_gmt"),
    name: text(item.fields, "wp:post_name"),
    commentStatus: text(item.fields, "wp:comment_status"),
    excerpt: text(item.fields, "excerpt:encoded"),
    terms: item.terms.map((term) => [term.domain, term.nicename, term.name] as const),
    meta: item.meta,
    comments: item.comments,
    lines: {
      title: line("title"),
      date: line("wp:post_date"),
      dateGmt: line("wp:post_date_gmt"),
      name: line("wp:post_name"),
      status: line("wp:status"),
      excerpt: line("excerpt:encoded"),
      link: line("link"),
      content: line("content:encoded"),
    },
  };
}

function readAttachment(item: WxrItem): WordPressAttachment {
  return {
    id: text(item.fields, "wp:post_id"),
    url: text(item.fields, "wp:attachment_url") || text(item.fields, "guid"),
    alt: metaValue(item, "_wp_attachment_image_alt") ?? "",
    caption: htmlToText(text(item.fields, "excerpt:encoded")),
    title: htmlToText(text(item.fields, "title")),
    parent: text(item.fields, "wp:post_parent") || "0",
  };
}

/** A file under the uploads folder that a URL or path into `wp-content/uploads/` names. */
function findUpload(ref: string, uploads: string, hosts: readonly string[]): HeldFile | undefined {
  const oldPath = oldSitePath(ref, hosts);
  if (!oldPath) return undefined;
  const marker = "/wp-content/uploads/";
  const at = oldPath.indexOf(marker);
  if (at < 0) return undefined;
  const rest = oldPath.slice(at + marker.length).replace(/[?#].*$/, "");
  const absPath = path.resolve(uploads, rest);
  if (!absPath.startsWith(uploads + path.sep)) return undefined;
  if (!existsSync(absPath) || !statSync(absPath).isFile()) return undefined;
  return { absPath, publicPath: `${marker}${rest}` };
}

function text(fields: ReadonlyMap<string, WxrText>, name: string): string {
  return fields.get(name)?.value.trim() ?? "";
}

function metaValue(item: { readonly meta: WxrItem["meta"] }, key: string): string | undefined {
  return item.meta.find(([k]) => k === key)?.[1].trim();
}

function metaValues(item: { readonly meta: WxrItem["meta"] }, key: string): string[] {
  return item.meta.filter(([k]) => k === key).map(([, value]) => value.trim());
}
