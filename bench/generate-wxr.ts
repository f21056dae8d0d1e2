import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { composeBody } from "./corpus/compose-body.js";
import { createAuthors } from "./corpus/create-authors.js";
import { createRandom } from "./corpus/create-random.js";
import { capitalize, createTemplateFiller } from "./corpus/create-template-filler.js";
import { slugify } from "./corpus/slugify.js";
import { wordBanks } from "./corpus/word-banks.js";
import { isMainModule } from "./is-main-module.js";
import { parseCliArgs } from "./parse-cli-args.js";

/** Options for {@link generateWxr}. */
export interface GenerateWxrOptions {
  /** Number of posts. */
  readonly posts: number;
  /** The export file to write. */
  readonly out: string;
  /** PRNG seed; the same options give byte-identical files. Default 1. */
  readonly seed?: number;
  /**
   * Bytes of page-builder data (`_elementor_data` post meta) per post, 0 by default. Real
   * exports carry megabytes of it; the importer must skip it without holding it.
   */
  readonly metaBytes?: number;
}

/** What {@link generateWxr} wrote. */
export interface WxrSummary {
  readonly posts: number;
  readonly attachments: number;
  readonly bytes: number;
  readonly seconds: number;
}

const site = "https://bench-gazette.example";
const dayMs = 86_400_000;
const toHtml = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeStringify)
  .freeze();

/**
 * Writes a synthetic WordPress export (WXR 1.2) of `posts` news posts, streamed to disk so that
 * any size fits in memory. Posts come from the benchmark corpus's word banks (600-900 word
 * bodies with a subheading, quotes and links), about 30 a day in UTC+02:00. Every other post is
 * in the block editor's format (Gutenberg comments), the rest classic (no `<p>` tags). Each has
 * a category (its section), tags, an author; one in five a featured image (an attachment item);
 * one in twenty is a draft, one in fifty private; comments come with some.
 */
export async function generateWxr(options: GenerateWxrOptions): Promise<WxrSummary> {
  const started = performance.now();
  const { posts, out } = options;
  if (!Number.isInteger(posts) || posts < 1)
    throw new RangeError(`posts must be a positive integer, got ${posts}`);
  const random = createRandom(options.seed ?? 1);
  const sections = wordBanks.sections;
  const authors = createAuthors(random, sections, 20);
  const stream = createWriteStream(out, { encoding: "utf8" });
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, "drain");
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Gazette</title>
<link>${site}</link>
<description>A generated export for measuring newsdeck import</description>
<language>en-ZA</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${site}</wp:base_site_url>
<wp:base_blog_url>${site}</wp:base_blog_url>
`);
  for (const [index, author] of authors.entries()) {
    await write(
      `<wp:author><wp:author_id>${index + 1}</wp:author_id><wp:author_login>${cdata(author.slug)}</wp:author_login><wp:author_display_name>${cdata(author.name)}</wp:author_display_name></wp:author>\n`,
    );
  }
  for (const section of sections) {
    await write(
      `<wp:category><wp:category_nicename>${cdata(section.id)}</wp:category_nicename><wp:cat_name>${cdata(section.title)}</wp:cat_name></wp:category>\n`,
    );
  }
  const start = Date.UTC(2024, 0, 1, 6, 0, 0);
  const spacing = dayMs / 30;
  const filler = "x".repeat(options.metaBytes ?? 0);
  let attachments = 0;
  for (let index = 1; index <= posts; index++) {
    const section = random.pick(sections);
    const published = start + index * spacing;
    const fill = createTemplateFiller(random, {
      section,
      year: new Date(published).getUTCFullYear(),
    });
    const title = capitalize(fill("{headline}"));
    const slug = `${slugify(title).split("-").slice(0, 6).join("-")}-${index}`;
    const body = composeBody({
      random,
      fill,
      links: [],
      year: new Date(published).getUTCFullYear(),
    });
    const html = String(toHtml.processSync(body.markdown));
    const blockEditor = index % 2 === 0;
    const content = blockEditor
      ? html
          .split("\n")
          .filter(Boolean)
          .map((block) => `<!-- wp:html -->\n${block}\n<!-- /wp:html -->`)
          .join("\n\n")
      : classic(html);
    const status = index % 50 === 0 ? "private" : index % 20 === 0 ? "draft" : "publish";
    const local = new Date(published + 2 * 3_600_000);
    const author = random.pick(authors);
    const tags = random.sample(section.tags, random.int(1, 3));
    const featured = index % 5 === 0;
    const postId = index * 2;
    const comments = random.chance(0.2) ? random.int(1, 4) : 0;
    await write(`<item>
<title>${cdata(title)}</title>
<link>${site}/${ymd(local)}/${slug}/</link>
<dc:creator>${cdata(author.slug)}</dc:creator>
<content:encoded>${cdata(content)}</content:encoded>
<excerpt:encoded>${cdata(random.chance(0.5) ? fill("{summary}") : "")}</excerpt:encoded>
<wp:post_id>${postId}</wp:post_id>
<wp:post_date>${cdata(wpDate(local))}</wp:post_date>
<wp:post_date_gmt>${cdata(wpDate(new Date(published)))}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>${cdata(slug)}</wp:post_name>
<wp:status>${cdata(status)}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>${cdata("post")}</wp:post_type>
<wp:post_password>${cdata("")}</wp:post_password>
<category domain="category" nicename="${section.id}">${cdata(section.title)}</category>
${tags.map((tag) => `<category domain="post_tag" nicename="${slugify(tag)}">${cdata(tag)}</category>`).join("\n")}
${featured ? `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${postId + 1}</wp:meta_value></wp:postmeta>\n` : ""}${filler ? `<wp:postmeta><wp:meta_key>_elementor_data</wp:meta_key><wp:meta_value>${cdata(filler)}</wp:meta_value></wp:postmeta>\n` : ""}${Array.from({ length: comments }, (_, c) => `<wp:comment><wp:comment_id>${postId * 10 + c}</wp:comment_id><wp:comment_content>${cdata(fill("{blockquote}"))}</wp:comment_content></wp:comment>`).join("\n")}
</item>
`);
    if (featured) {
      attachments++;
      await write(
        `<item><title>${cdata(`photo-${index}`)}</title><wp:post_id>${postId + 1}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:post_parent>${postId}</wp:post_parent><wp:attachment_url>${cdata(`${site}/wp-content/uploads/${ymd(local).slice(0, 7)}/photo-${index}.jpg`)}</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(capitalize(fill("{imageSubject}")))}</wp:meta_value></wp:postmeta></item>\n`,
      );
    }
  }
  await write("</channel>\n</rss>\n");
  stream.end();
  await once(stream, "finish");
  return { posts, attachments, bytes, seconds: (performance.now() - started) / 1000 };
}

/** A classic-editor body: the HTML without paragraph tags, blank lines between paragraphs. */
function classic(html: string): string {
  return html.replace(/<p>([\s\S]*?)<\/p>/g, "$1\n").replace(/\n{2,}/g, "\n\n");
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

function wpDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "/");
}

const usage = `Usage: npx tsx bench/generate-wxr.ts --posts COUNT --out FILE [--seed INT] [--meta-bytes BYTES]

  --posts       number of posts (required)
  --out         the export file to write (required)
  --seed        PRNG seed, default 1
  --meta-bytes  page-builder data per post, default 0`;

async function main(): Promise<void> {
  const values = parseCliArgs(
    {
      posts: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      "meta-bytes": { type: "string" },
    },
    usage,
  );
  if (!values) return;
  const posts = Number(values.posts);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const metaBytes = values["meta-bytes"] === undefined ? 0 : Number(values["meta-bytes"]);
  if (
    values.out === undefined ||
    !Number.isInteger(posts) ||
    posts < 1 ||
    !Number.isInteger(seed) ||
    !Number.isInteger(metaBytes) ||
    metaBytes < 0
  ) {
    console.error(usage);
    process.exit(2);
  }
  const summary = await generateWxr({ posts, out: values.out, seed, metaBytes });
  console.log(
    `wrote ${summary.posts} posts and ${summary.attachments} attachments (${(summary.bytes / 1e6).toFixed(1)} MB) to ${values.out} in ${summary.seconds.toFixed(1)} s`,
  );
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
