/**
 * What embeds, pull quotes and figures become in imported Markdown: the one place that decides.
 *
 * - a YouTube or Vimeo video (a WordPress `[embed]` or embed block, Hugo's `youtube` and
 *   `vimeo`, a Jekyll video include, a player's `<iframe>`) becomes the story block
 *   `::embed[caption]{url="<the video's page>"}`, and the player's host goes into
 *   `embeds.allow` in the config the import writes;
 * - an `<iframe>` of another host (a map, a chart) that the old page framed over https becomes
 *   `::embed{url="<what it framed>"}` the same way, its host allowed: the frame the old page
 *   showed, now loaded only when the reader asks;
 * - any other embed (a social post, whose embed code was the provider's script; a frame over
 *   http, or from the old site itself, which the new one does not serve) becomes a link
 *   paragraph, reported;
 * - a pull quote becomes `:::pullquote{cite="..."}` around its text;
 * - a local image with a caption becomes `![alt](src "caption")`, which the renderer shows as a
 *   figure with its caption; a remote one becomes a raw `<figure>` with `<figcaption>`, since
 *   remote images are not wrapped in figures by the renderer.
 *
 * Whether an embed works is decided by the build's own rules (`embedTarget`), so the import
 * never writes a block the build would refuse.
 */
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import type { BlockContent, Html, Paragraph, PhrasingContent } from "mdast";
import type { ContainerDirective, LeafDirective } from "mdast-util-directive";
import { embedTarget } from "../markdown/embed-url.js";
import type { SourceEmbed } from "./source-archive.js";

/**
 * The story blocks the import writes. A line of an archive that reads as any other block is the
 * archive's own text, and is escaped (see `escape-stray-blocks.ts`).
 */
export const importedBlockNames: ReadonlySet<string> = new Set(["embed", "pullquote"]);

/** The players' hosts a video may be embedded from (`www.youtube-nocookie.com` needs a choice). */
const videoHosts = ["www.youtube.com", "player.vimeo.com"];

/** An embed as Markdown, and the host the config must allow for it (none for a link). */
export interface EmbedBlock {
  readonly nodes: BlockContent[];
  readonly host?: string | undefined;
}

/**
 * An embed as Markdown: a story block when the build can show it, else a link. `isOldSite`
 * tells whether a host name is the old site's own.
 */
export function embedBlock(
  embed: SourceEmbed,
  isOldSite: (host: string) => boolean = () => false,
): EmbedBlock {
  const written = embed.url.trim();
  const absolute = written.startsWith("//") ? `https:${written}` : written;
  // A video's page and player are served over https whatever the archive wrote.
  const video = embedTarget(absolute.replace(/^http:/i, "https:"), videoHosts);
  if (!("problem" in video)) {
    return { nodes: [embedDirective(video.link, embed)], host: video.host };
  }
  if (embed.framed && /^https:\/\//i.test(absolute)) {
    const url = parseUrl(absolute);
    const frame = url && !isOldSite(url.hostname) ? embedTarget(absolute, [url.host]) : undefined;
    if (frame && !("problem" in frame)) {
      return { nodes: [embedDirective(frame.link, embed)], host: frame.host };
    }
  }
  const nodes: BlockContent[] = [
    paragraph([{ type: "link", url: written, children: [{ type: "text", value: written }] }]),
  ];
  if (embed.caption) {
    nodes.push(
      paragraph([{ type: "emphasis", children: [{ type: "text", value: embed.caption }] }]),
    );
  }
  return { nodes };
}

function embedDirective(url: string, embed: SourceEmbed): LeafDirective {
  const title = embed.title?.trim();
  const caption = embed.caption?.trim();
  return {
    type: "leafDirective",
    name: "embed",
    attributes: title ? { url, title } : { url },
    children: caption ? [{ type: "text", value: caption }] : [],
  };
}

/** A pull quote around `content` (its paragraphs), attributed to `cite` when given. */
export function pullquoteBlock(
  content: ContainerDirective["children"],
  cite: string | undefined,
): ContainerDirective {
  const attribution = cite?.replace(/\s+/g, " ").trim();
  return {
    type: "containerDirective",
    name: "pullquote",
    attributes: attribution ? { cite: attribution } : {},
    children: content,
  };
}

/** An image with its caption (and credit, shown after it), where it now loads from. */
export interface FigureImage {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
  readonly kind: "local" | "remote";
}

/** A figure as Markdown the current renderer shows with its caption. */
export function figureBlock(image: FigureImage): BlockContent[] {
  const caption = [image.caption?.trim(), image.credit?.trim()].filter(Boolean).join(" — ");
  if (image.kind === "local" || !caption) {
    return [
      paragraph([
        { type: "image", url: image.src, alt: image.alt, title: caption ? caption : null },
      ]),
    ];
  }
  const figure = h("figure", [
    h("img", { src: image.src, alt: image.alt }),
    h("figcaption", caption),
  ]);
  return [{ type: "html", value: toHtml(figure) } satisfies Html];
}

/** A file a story used as an image but that is not one: a link to it. */
export function fileLinkBlock(href: string, text: string): BlockContent[] {
  return [paragraph([{ type: "link", url: href, children: [{ type: "text", value: text }] }])];
}

function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: "paragraph", children };
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
