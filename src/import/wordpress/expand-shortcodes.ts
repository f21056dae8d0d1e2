import { escapeHtml, importEmbedHtml } from "../convert/import-embed-html.js";
import { parseShortcodeAttributes } from "../convert/parse-shortcode-attributes.js";
import type { ImportNoteCode } from "../import-notes.js";

/** A media item of the export, as galleries and featured images need it. */
export interface WordPressAttachment {
  readonly id: string;
  readonly url: string;
  readonly alt: string;
  readonly caption: string;
  readonly title: string;
  readonly parent: string;
}

/** What shortcode expansion may look up, and where it reports. */
export interface ShortcodeContext {
  readonly attachments: ReadonlyMap<string, WordPressAttachment>;
  /** The attachments uploaded to a post, in upload order (a `[gallery]` without ids shows them). */
  childrenOf(postId: string): readonly WordPressAttachment[];
  readonly postId: string;
  /** Reports at a line counted from the start of the body (0 for its first line). */
  note(code: ImportNoteCode, lineInBody: number, message: string): void;
}

// WordPress's own shortcode grammar (get_shortcode_regex): `[[name]]` is an escaped, literal
// shortcode; `[name attrs /]` and `[name attrs]` stand alone; `[name]...[/name]` encloses.
const shortcodePattern =
  /\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([\s\S]*?)\[\/\2\])?)(\]?)/g;

/** Jetpack and core shortcodes whose only argument is the address of something to embed. */
const embedShortcodes = new Set([
  "embed",
  "youtube",
  "vimeo",
  "tweet",
  "twitter",
  "instagram",
  "soundcloud",
  "spotify",
  "googlemaps",
  "dailymotion",
  "facebook",
]);

/**
 * Turns the shortcodes of a WordPress body into HTML the rest of the conversion understands:
 * `[caption]` into a `<figure>` with `<figcaption>`, `[gallery]` into one figure per image,
 * `[embed]` and the Jetpack embed shortcodes into embed markers, `[video]`/`[audio]` into
 * links. Any other shortcode was a plugin's: enclosed content is kept, the tags go, and the
 * report says so. Text in square brackets that is not shortcode-shaped (`[sic]`) is left alone,
 * as WordPress leaves it.
 */
export function expandShortcodes(html: string, context: ShortcodeContext): string {
  return html.replace(
    shortcodePattern,
    (
      whole,
      open: string,
      name: string,
      attributeText: string,
      selfClosing,
      content: string | undefined,
      close: string,
      offset: number,
    ) => {
      if (open === "[" && close === "]") return whole.slice(1, -1);
      const lineInBody = countNewlines(html, offset);
      const tag = name.toLowerCase();
      const attributes = parseShortcodeAttributes(attributeText);
      if (tag === "caption" || tag === "wp_caption")
        return caption(content ?? "", attributes.named.get("caption"));
      if (tag === "gallery") return gallery(attributes.named, context);
      if (embedShortcodes.has(tag)) {
        const url = (
          content?.trim() ||
          attributes.named.get("url") ||
          attributes.positional[0] ||
          ""
        ).trim();
        if (/^https?:\/\//i.test(url)) return importEmbedHtml(url);
        context.note(
          "ShortcodeNotConverted",
          lineInBody,
          `[${tag}] without an address was removed`,
        );
        return "";
      }
      if (tag === "video" || tag === "audio") {
        const src =
          attributes.named.get("src") ??
          ["mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a"]
            .map((k) => attributes.named.get(k))
            .find(Boolean);
        context.note("EmbedAsLink", lineInBody, `[${tag}] became a link${src ? ` to ${src}` : ""}`);
        return src ? `<p><a href="${escapeHtml(src)}">${escapeHtml(src)}</a></p>` : "";
      }
      const shaped = content !== undefined || selfClosing === "/" || attributes.named.size > 0;
      if (!shaped) return whole;
      context.note(
        "ShortcodeNotConverted",
        lineInBody,
        content !== undefined
          ? `[${tag}] (a plugin's shortcode) was removed; the text it enclosed was kept`
          : `[${tag}] (a plugin's shortcode) was removed`,
      );
      return content ?? "";
    },
  );
}

/** `[caption]<a><img></a> Text[/caption]`, or the older `caption="Text"` attribute. */
function caption(content: string, attributeCaption: string | undefined): string {
  const img = /<img\b[^>]*>/i.exec(content);
  if (!img) return content;
  const text = (
    attributeCaption ?? content.replace(/<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/i, "")
  ).trim();
  return `<figure>${img[0]}${text ? `<figcaption>${text}</figcaption>` : ""}</figure>`;
}

function gallery(named: ReadonlyMap<string, string>, context: ShortcodeContext): string {
  const ids = (named.get("ids") ?? named.get("include") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const items = ids.length
    ? ids
        .map((id) => context.attachments.get(id))
        .filter((a): a is WordPressAttachment => a !== undefined)
    : context.childrenOf(named.get("id") ?? context.postId);
  return items
    .map(
      (item) =>
        `<figure><img src="${escapeHtml(item.url)}" alt="${escapeHtml(item.alt)}">${item.caption ? `<figcaption>${escapeHtml(item.caption)}</figcaption>` : ""}</figure>`,
    )
    .join("\n");
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
