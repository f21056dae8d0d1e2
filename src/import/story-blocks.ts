/**
 * What embeds and figures become in imported Markdown: the one place that decides, so that
 * when story blocks (`::embed{url="..."}`, contract 6b) reach the build, only this file
 * changes. Until then every output here builds with today's pipeline:
 *
 * - a video from YouTube or Vimeo becomes a raw `<iframe>` of the provider's player; the
 *   importer adds that player's host to `embeds.allow` in the config it writes, so the
 *   sanitizer keeps it (sandboxed);
 * - any other embed (a post on a social network, a map, a podcast) becomes a paragraph with a
 *   link to it, and a report line;
 * - a local image with a caption becomes `![alt](src "caption")`, which the renderer shows as a
 *   figure with its caption; a remote one becomes a raw `<figure>` with `<figcaption>`, since
 *   remote images are not wrapped in figures by the renderer.
 */
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import type { BlockContent, Html, Paragraph, PhrasingContent } from "mdast";

/** A player Newsdeck can show as an allowed iframe. */
export interface VideoPlayer {
  readonly src: string;
  /** The iframe's host, to add to `embeds.allow`. */
  readonly host: string;
  readonly provider: string;
}

/** The player of a YouTube or Vimeo address, in any of the forms sites paste. */
export function videoPlayer(address: string): VideoPlayer | undefined {
  let url: URL;
  try {
    url = new URL(address.startsWith("//") ? `https:${address}` : address);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^(?:www\.|m\.)/, "");
  let id: string | undefined;
  if (host === "youtu.be") id = url.pathname.slice(1);
  else if (host === "youtube.com" || host === "youtube-nocookie.com") {
    id =
      url.searchParams.get("v") ??
      /^\/(?:embed|shorts|live|v)\/([^/?#]+)/.exec(url.pathname)?.[1] ??
      undefined;
  }
  if (id !== undefined && /^[\w-]{6,20}$/.test(id)) {
    return {
      src: `https://www.youtube.com/embed/${id}`,
      host: "www.youtube.com",
      provider: "YouTube",
    };
  }
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const vimeo = /^\/(?:video\/)?(\d{3,12})(?:\/|$)/.exec(url.pathname)?.[1];
    if (vimeo) {
      return {
        src: `https://player.vimeo.com/video/${vimeo}`,
        host: "player.vimeo.com",
        provider: "Vimeo",
      };
    }
  }
  return undefined;
}

/** The Markdown of an embed, and whether it kept its player or fell back to a link. */
export interface EmbedBlock {
  readonly nodes: BlockContent[];
  readonly player?: VideoPlayer | undefined;
}

/** An embed of `url` (with an optional caption) as Markdown. */
export function embedBlock(url: string, caption?: string): EmbedBlock {
  const player = videoPlayer(url);
  const nodes: BlockContent[] = [];
  if (player) {
    const iframe = h("iframe", {
      src: player.src,
      title: caption || `${player.provider} video`,
      width: 560,
      height: 315,
      allowFullScreen: true,
    });
    nodes.push({ type: "html", value: toHtml(iframe) } satisfies Html);
  } else {
    nodes.push(paragraph([{ type: "link", url, children: [{ type: "text", value: url }] }]));
  }
  if (caption)
    nodes.push(paragraph([{ type: "emphasis", children: [{ type: "text", value: caption }] }]));
  return { nodes, player };
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
