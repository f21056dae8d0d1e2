import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
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

/** A post or page as read, before the export's timezone is known. */
interface PostRecord {
  readonly item: WxrItem;
  readonly staged: string;
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
        comments += entry.comments;
        const type = text(entry.fields, "wp:post_type") || "post";
        const status = text(entry.fields, "wp:status");
        if (type === "attachment") {
          const attachment = readAttachment(entry);
          attachments.set(attachment.id, attachment);
          const siblings = childAttachments.get(attachment.parent) ?? [];
          siblings.push(attachment);
          childAttachments.set(attachment.parent, siblings);
        } else if ((type === "post" || type === "page") && !discardedStatuses.has(status)) {
          const staged = path.join(staging, `${posts.length}.html`);
          await writeFile(staged, text(entry.fields, "content:encoded"));
          // The body is on disk; drop it from the record kept for the whole import.
          const fields = new Map(entry.fields);
          const content = fields.get("content:encoded");
          if (content) fields.set("content:encoded", { value: "", line: content.line });
          posts.push({ item: { ...entry, fields }, staged });
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

  const zone = guessTimeZone(
    posts.map(
      ({ item }) =>
        [text(item.fields, "wp:post_date"), text(item.fields, "wp:post_date_gmt")] as const,
    ),
  );
  if (zone.note) notes.add("TimezoneGuessed", file, 0, zone.note);

  const siteUrl = text(channel, "wp:base_blog_url") || text(channel, "link") || undefined;
  const hosts = hostsOf([siteUrl, text(channel, "wp:base_site_url"), text(channel, "link")]);
  const postIds = new WeakMap<SourceStory, string>();
  const stories = posts.map(({ item, staged }) => {
    const story = toStory(item, staged, file, zone.timeZone, authorNames, hosts, notes);
    postIds.set(story, text(item.fields, "wp:post_id"));
    return story;
  });
  // Featured images name attachments that may come anywhere in the export: resolved now.
  const withImages = stories.map((story, index) => {
    const record = posts[index];
    const thumbnail = record ? metaValue(record.item, "_thumbnail_id") : undefined;
    const attachment = thumbnail ? attachments.get(thumbnail) : undefined;
    if (!attachment) return story;
    const withImage: SourceStory = {
      ...story,
      image: {
        src: attachment.url,
        alt: attachment.alt || undefined,
        caption: attachment.caption || undefined,
      },
    };
    postIds.set(withImage, postIds.get(story) ?? "");
    return withImage;
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
    stories: withImages,
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
  item: WxrItem,
  staged: string,
  file: string,
  timeZone: string,
  authorNames: ReadonlyMap<string, string>,
  hosts: readonly string[],
  notes: ReadOptions["notes"],
): SourceStory {
  const fields = item.fields;
  const id = text(fields, "wp:post_id");
  const type = text(fields, "wp:post_type") || "post";
  const status = text(fields, "wp:status");
  const password = text(fields, "wp:post_password");
  const state: SourceState = password
    ? "password"
    : status === "publish" || status === "future"
      ? "published"
      : status === "private"
        ? "private"
        : "draft";
  const gmt = text(fields, "wp:post_date_gmt");
  const date: SourceDate | undefined =
    gmt && !gmt.startsWith("0000")
      ? readSourceDate(`${gmt}Z`, timeZone)
      : readSourceDate(text(fields, "wp:post_date"), timeZone);
  const slug = safeDecode(text(fields, "wp:post_name"));
  const link = text(fields, "link");
  const oldUrl = state === "published" && link ? oldSitePath(link, hosts) : undefined;
  const aliases: string[] = [];
  if (oldUrl && slug) {
    for (const old of metaValues(item, "_wp_old_slug")) {
      // WordPress redirects a post's earlier slugs: the same URL with the old slug in its place.
      const replaced: string = oldUrl.replace(
        new RegExp(`/${escapeRegExp(slug)}(/?)$`),
        `/${safeDecode(old)}$1`,
      );
      if (replaced !== oldUrl) aliases.push(replaced);
    }
  }
  const expiration = metaValue(item, "_expiration-date");
  const expires =
    expiration && metaValue(item, "_expiration-date-status") !== "disabled"
      ? readSourceDate(Number(expiration), timeZone)
      : undefined;
  const excerpt = htmlToText(text(fields, "excerpt:encoded"));
  const creator = text(fields, "dc:creator");
  const lines: Record<string, string> = {
    title: "title",
    date: gmt ? "wp:post_date_gmt" : "wp:post_date",
    slug: "wp:post_name",
    status: "wp:status",
    summary: "excerpt:encoded",
    aliases: "link",
  };
  if (item.comments > 0) {
    notes.add(
      "CommentsNotImported",
      file,
      item.line,
      `${item.comments} reader comment${item.comments === 1 ? "" : "s"} on "${htmlToText(text(fields, "title"))}" ${item.comments === 1 ? "was" : "were"} not imported`,
    );
  }
  return {
    kind: type === "page" ? "page" : "article",
    file,
    line: item.line,
    lineOf: (field) => fields.get(lines[field] ?? field)?.line ?? item.line,
    order: id.padStart(12, "0"),
    refs: [id, `/?p=${id}`, `/?page_id=${id}`],
    title: htmlToText(text(fields, "title")) || undefined,
    date,
    dateField: gmt ? "wp:post_date_gmt" : "wp:post_date",
    expires,
    state,
    slug,
    oldUrl,
    aliases,
    categories: item.terms
      .filter((term) => term.domain === "category" && term.name)
      .map((term) => ({ name: htmlToText(term.name), id: safeDecode(term.nicename) })),
    tags: item.terms
      .filter((term) => term.domain === "post_tag" && term.name)
      .map((term) => htmlToText(term.name)),
    authors: creator ? [authorNames.get(creator) ?? creator] : [],
    summary: excerpt || metaValue(item, "_yoast_wpseo_metadesc") || undefined,
    comments: text(fields, "wp:comment_status") === "closed" ? "closed" : undefined,
    extra: [],
    bodyLine: fields.get("content:encoded")?.line ?? item.line,
    readBody: () => readFile(staged, "utf8"),
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

function metaValue(item: WxrItem, key: string): string | undefined {
  return item.meta.find(([k]) => k === key)?.[1].trim();
}

function metaValues(item: WxrItem, key: string): string[] {
  return item.meta.filter(([k]) => k === key).map(([, value]) => value.trim());
}
