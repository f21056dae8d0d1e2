import type { BlockContent, Root } from "mdast";
import { fence } from "../convert/fence.js";
import { importedMarkdownParser } from "../convert/imported-markdown-parser.js";
import { type LineMap, replaceTracked } from "../convert/line-map.js";
import { blocksToMarkdown } from "../convert/markdown-text.js";
import {
  parseShortcodeAttributes,
  type ShortcodeAttributes,
} from "../convert/parse-shortcode-attributes.js";
import type { BodyContext } from "../source-archive.js";
import { pullquoteBlock } from "../story-blocks.js";

// A shortcode written with a comment inside its braces (Hugo's escape) prints as it stands. Otherwise `{{< name args >}}` or
// `{{% name args %}}`, self-closed with `/>}}`, or paired with a later `{{< /name >}}`.
const shortcodePattern =
  /\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}|\{\{([<%])-?\s*([\w./-]+)((?:[^>%]|[>%](?!\}\}))*?)\s*(\/?)\s*-?[>%]\}\}(?:(?<!\/\s*-?[>%]\}\})([\s\S]*?)\{\{[<%]-?\s*\/\s*\5\s*-?[>%]\}\})?/g;

const embedUrls: Record<string, (a: ShortcodeAttributes) => string | undefined> = {
  youtube: (a) => id(a, "id") && `https://www.youtube.com/watch?v=${id(a, "id")}`,
  vimeo: (a) => id(a, "id") && `https://vimeo.com/${id(a, "id")}`,
  x: tweet,
  tweet,
  twitter: tweet,
  instagram: (a) => id(a, "id") && `https://www.instagram.com/p/${id(a, "id")}/`,
  gist: (a) => {
    const [user, gist] = [
      a.named.get("user") ?? a.positional[0],
      a.named.get("id") ?? a.positional[1],
    ];
    return user && gist ? `https://gist.github.com/${user}/${gist}` : undefined;
  },
};

/** Names sites give their own pull quote shortcode. */
const pullquoteNames = new Set(["pullquote", "pull-quote"]);

/**
 * Converts the shortcodes of a Hugo body into Markdown, as the old site rendered them: `figure`
 * into a figure, `youtube`, `vimeo`, `x`/`tweet`, `instagram` and `gist` into embeds (see
 * `story-blocks.ts`), `ref`/`relref` into the new URL of the story they name, `highlight` into
 * a fenced code block, `details` into `<details>`, a site's own `pullquote` around text into a
 * pull quote. Other shortcodes were the site's own templates: the content they enclosed is
 * kept, the tags go, and the report says so. An escaped shortcode (a Go comment inside its
 * braces) prints the shortcode itself.
 */
export async function convertHugoShortcodes(
  markdown: string,
  context: BodyContext,
  resolveRef: (ref: string) => string | undefined,
): Promise<{ text: string; lines: LineMap }> {
  const bodyLine = context.story.bodyLine;
  return replaceTracked(markdown, shortcodePattern, async (match, line) => {
    const [, escOpen, escaped, escClose, delimiter, rawName = "", args = "", , inner] = match;
    if (escOpen !== undefined) return `{{${escOpen}${escaped}${escClose}}}`;
    const at = bodyLine + line - 1;
    const name = rawName.toLowerCase();
    const attributes = parseShortcodeAttributes(args);
    const nested =
      inner === undefined
        ? undefined
        : (await convertHugoShortcodes(inner, context, resolveRef)).text;
    if (name === "figure") {
      const src = attributes.named.get("src") ?? "";
      const caption = [attributes.named.get("title"), attributes.named.get("caption")]
        .filter(Boolean)
        .join(": ");
      const blocks = await context.figure(
        {
          src,
          alt: attributes.named.get("alt") ?? "",
          caption: caption || undefined,
          credit: attributes.named.get("attr") || undefined,
        },
        at,
      );
      return block(blocksToMarkdown(blocks));
    }
    const embed = embedUrls[name];
    if (embed) {
      const url = embed(attributes);
      if (url) return block(blocksToMarkdown(context.embed({ url }, at)));
      context.note(
        "ShortcodeNotConverted",
        at,
        `{{< ${name} >}} names nothing to embed and was removed`,
      );
      return "";
    }
    if (pullquoteNames.has(name) && nested?.trim()) {
      // The site's own shortcode, but its name says what it showed.
      const cite = ["cite", "author", "source"]
        .map((key) => attributes.named.get(key))
        .find(Boolean);
      const content = importedMarkdownParser.parse(nested) as Root;
      return block(blocksToMarkdown([pullquoteBlock(content.children as BlockContent[], cite)]));
    }
    if (name === "ref" || name === "relref") {
      const target = attributes.named.get("path") ?? attributes.positional[0] ?? "";
      const [refPath = "", anchor] = target.split("#");
      const url = refPath ? resolveRef(refPath) : "";
      if (url !== undefined) return `${url}${anchor ? `#${anchor}` : ""}`;
      context.note(
        "ShortcodeNotConverted",
        at,
        `{{< ${name} "${target}" >}} names no imported story: the link points nowhere`,
      );
      return "#";
    }
    if (name === "highlight") {
      const language = attributes.positional[0] ?? attributes.named.get("lang") ?? "";
      return block(fence(nested ?? "", language));
    }
    if (name === "details") {
      const summary = attributes.named.get("summary") ?? "Details";
      return block(
        `<details>\n<summary>${summary}</summary>\n\n${(nested ?? "").trim()}\n\n</details>`,
      );
    }
    context.note(
      "ShortcodeNotConverted",
      at,
      nested === undefined
        ? `the shortcode {{${delimiter} ${name} ${delimiter === "<" ? ">" : "%"}}} was the site's own template and was removed`
        : `the shortcode {{${delimiter} ${name} ${delimiter === "<" ? ">" : "%"}}} was the site's own template: its tags were removed, the text it enclosed was kept`,
    );
    return nested ?? "";
  });
}

/** Block output stands on its own lines, blank lines around it. */
function block(markdown: string): string {
  return `\n\n${markdown}\n\n`;
}

function tweet(a: ShortcodeAttributes): string | undefined {
  const user = a.named.get("user");
  const status = a.named.get("id") ?? a.positional.at(-1);
  if (!status) return undefined;
  return user ? `https://x.com/${user}/status/${status}` : `https://x.com/i/status/${status}`;
}

function id(a: ShortcodeAttributes, key: string): string | undefined {
  return a.named.get(key) ?? a.positional[0];
}
