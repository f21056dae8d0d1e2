import { fence } from "../convert/fence.js";
import { type LineMap, replaceTracked } from "../convert/line-map.js";
import { blocksToMarkdown } from "../convert/markdown-text.js";
import { parseShortcodeAttributes } from "../convert/parse-shortcode-attributes.js";
import type { BodyContext } from "../source-archive.js";

/** What Liquid in a Jekyll body may refer to. */
export interface LiquidScope {
  /** Scalar values of `_config.yml` (`site.title`), by key. */
  readonly site: Readonly<Record<string, unknown>>;
  /** The story's own front matter (`page.title`). */
  readonly page: Readonly<Record<string, unknown>>;
  /** The new URL of a post or page a `{% link %}` or `{% post_url %}` names. */
  storyUrl(ref: string): string | undefined;
  /** The text of an include (`_includes/<name>`, or beside the story for `include_relative`). */
  include(name: string, relative: boolean): string | undefined;
}

// One pass over the text, in this order: {% raw %} blocks (kept literally, not looked into),
// comment and capture blocks (dropped), highlight blocks (fenced code), other tags, output
// expressions, then kramdown's own markup: a `* TOC` list with `{:toc}`, extension blocks,
// attribute lists.
const liquidPattern = new RegExp(
  [
    String.raw`\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}`,
    String.raw`\{%-?\s*(comment|capture)\b[\s\S]*?%\}[\s\S]*?\{%-?\s*end\2\s*-?%\}`,
    String.raw`\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}\n?([\s\S]*?)\{%-?\s*endhighlight\s*-?%\}`,
    String.raw`\{%-?\s*(\w+)([\s\S]*?)-?%\}`,
    String.raw`\{\{-?([\s\S]*?)-?\}\}`,
    String.raw`^[ \t]*(?:[*+-]|1\.)[ \t]+TOC[ \t]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$`,
    String.raw`\{::comment\}[\s\S]*?\{:/comment\}|\{::(?:options|nomarkdown)[^}]*\}`,
    String.raw`\{:(?!:)[^}\n]*\}`,
  ].join("|"),
  "gm",
);

/** Tags that open a block whose text Jekyll showed or not depending on data: tags go, text stays. */
const controlTags = new Set(["if", "unless", "case", "for", "tablerow"]);
/** Tags that close or split those blocks, removed with them. */
const silentTags = new Set([
  "endif",
  "endunless",
  "endcase",
  "endfor",
  "endtablerow",
  "else",
  "elsif",
  "when",
  "break",
  "continue",
  "assign",
  "increment",
  "decrement",
  "cycle",
]);

/**
 * Converts the Liquid in a Jekyll body as Jekyll rendered it: `{% raw %}` keeps its text,
 * `{% highlight %}` becomes a fenced code block, `{% link %}` and `{% post_url %}` the new
 * URL of the story they name, `{{ site.baseurl }}` and `{{ site.url }}` nothing (links become
 * root-relative, which the rest of the import resolves), `{{ page.x }}` and `{{ site.x }}` their
 * values, `relative_url`/`absolute_url` a root-relative path, and an include its text when it
 * holds no Liquid (a YouTube include becomes an embed). Control flow and other tags are
 * removed with a report line. kramdown's attribute lists and `{:toc}` go too.
 */
export async function convertLiquid(
  markdown: string,
  context: BodyContext,
  scope: LiquidScope,
): Promise<{ text: string; lines: LineMap }> {
  const bodyLine = context.story.bodyLine;
  const code = fencedRanges(markdown);
  return replaceTracked(markdown, liquidPattern, (match, line) => {
    const [whole, raw, dropped, language, highlighted, tag, tagArgs = "", output] = match;
    const at = bodyLine + line - 1;
    if (raw !== undefined) return raw;
    if (dropped !== undefined) return "";
    if (language !== undefined) return fence(highlighted ?? "", language);
    if (tag !== undefined) return convertTag(tag.toLowerCase(), tagArgs.trim(), at, context, scope);
    if (output !== undefined) return convertOutput(output.trim(), at, context, scope);
    // The rest is kramdown's own markup, which is only text inside fenced code.
    if (inside(code, match.index)) return whole;
    context.note(
      "MarkupRemoved",
      at,
      `kramdown's ${whole.trim().replace(/\s+/g, " ").slice(0, 40)} was removed: Newsdeck's Markdown has no such markup`,
    );
    return "";
  });
}

function convertTag(
  name: string,
  args: string,
  at: number,
  context: BodyContext,
  scope: LiquidScope,
): string {
  if (name === "link" || name === "post_url") {
    const target = unquote(args.split(/\s+/)[0] ?? "");
    const url = scope.storyUrl(target);
    if (url !== undefined) return url;
    if (name === "link" && target) return `/${target.replace(/^\/+/, "")}`;
    context.note(
      "LiquidNotConverted",
      at,
      `{% ${name} ${target} %} names no imported story: the link points nowhere`,
    );
    return "#";
  }
  if (name === "include" || name === "include_relative") {
    const [file = "", ...rest] = args.split(/\s+/);
    const params = parseShortcodeAttributes(rest.join(" "));
    const video = params.named.get("id") ?? params.named.get("video") ?? params.named.get("url");
    if (video && /youtube|vimeo/i.test(file)) {
      const url = /^https?:/i.test(video)
        ? video
        : /vimeo/i.test(file)
          ? `https://vimeo.com/${video}`
          : `https://www.youtube.com/watch?v=${video}`;
      return `\n\n${blocksToMarkdown(context.embed({ url }, at))}\n\n`;
    }
    const text = scope.include(unquote(file), name === "include_relative");
    if (text !== undefined && !/\{[{%]/.test(text)) return text;
    context.note(
      "LiquidNotConverted",
      at,
      `{% ${name} ${file} %} ${text === undefined ? "names no file in the site" : "is a template"}: it was removed`,
    );
    return "";
  }
  if (silentTags.has(name) || name.startsWith("end")) return "";
  context.note(
    "LiquidNotConverted",
    at,
    controlTags.has(name)
      ? `{% ${name} ${args} %} was removed; the text it controlled was kept`
      : `{% ${name}${args ? ` ${args}` : ""} %} has no Newsdeck equivalent and was removed`,
  );
  return "";
}

function convertOutput(
  expression: string,
  at: number,
  context: BodyContext,
  scope: LiquidScope,
): string {
  const [base = "", ...filters] = splitFilters(expression);
  let value = evaluate(base.trim(), scope);
  if (value === undefined) {
    context.note(
      "LiquidNotConverted",
      at,
      `{{ ${expression} }} has no value outside Jekyll and was removed`,
    );
    return "";
  }
  for (const filter of filters) {
    const [name = "", argText = ""] = filter.split(/:(.*)/s).map((part) => part.trim());
    const args = argText ? argText.split(",").map((arg) => evaluate(arg.trim(), scope) ?? "") : [];
    switch (name) {
      case "relative_url":
      case "absolute_url":
        value =
          value && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith("/")
            ? `/${value}`
            : value;
        break;
      case "prepend":
        value = `${args[0] ?? ""}${value}`;
        break;
      case "append":
        value = `${value}${args[0] ?? ""}`;
        break;
      case "downcase":
        value = value.toLowerCase();
        break;
      case "upcase":
        value = value.toUpperCase();
        break;
      case "strip":
        value = value.trim();
        break;
      case "escape":
      case "xml_escape":
      case "markdownify":
      case "default":
        break;
      default:
        context.note(
          "LiquidNotConverted",
          at,
          `the filter "${name}" in {{ ${expression} }} was not applied`,
        );
    }
  }
  return value;
}

/** A literal, or a `site.` / `page.` value; undefined for anything Jekyll computed. */
function evaluate(term: string, scope: LiquidScope): string | undefined {
  const literal = /^(["'])([\s\S]*)\1$/.exec(term);
  if (literal) return literal[2];
  if (/^-?\d+(?:\.\d+)?$/.test(term)) return term;
  const variable = /^(site|page)\.([\w.-]+)$/.exec(term);
  if (!variable) return undefined;
  const [, object, key = ""] = variable;
  if (object === "site" && (key === "baseurl" || key === "url")) return "";
  const source = object === "site" ? scope.site : scope.page;
  const value = source[key];
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}

/** Splits `a | f: x | g` at the pipes outside quotes. */
function splitFilters(expression: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const c of expression) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "|") {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, "$2");
}

/** Offsets of fenced code blocks, where kramdown markup is only text. */
function fencedRanges(markdown: string): [number, number][] {
  const ranges: [number, number][] = [];
  const pattern = /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1?\2[ \t]*$/gm;
  for (const match of markdown.matchAll(pattern))
    ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

function inside(ranges: readonly [number, number][], offset: number): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}
