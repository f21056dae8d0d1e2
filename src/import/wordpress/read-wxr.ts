import { SaxesParser, type SaxesTagPlain } from "saxes";

/** Text of an element and the line it starts on. */
export interface WxrText {
  readonly value: string;
  readonly line: number;
}

/** The site-wide fields of an export, seen before its first item. */
export interface WxrChannel {
  readonly type: "channel";
  readonly fields: ReadonlyMap<string, WxrText>;
}

/** A `<wp:author>`, `<wp:category>`, `<wp:tag>` or `<wp:term>` of the channel. */
export interface WxrDefinition {
  readonly type: "wp:author" | "wp:category" | "wp:tag" | "wp:term";
  readonly line: number;
  readonly fields: ReadonlyMap<string, WxrText>;
}

/** A `<category>` of an item: a category (`domain="category"`), a tag or another taxonomy. */
export interface WxrItemTerm {
  readonly domain: string;
  readonly nicename: string;
  readonly name: string;
  readonly line: number;
}

/** One `<item>`: a post, page, attachment or anything else WordPress exported. */
export interface WxrItem {
  readonly type: "item";
  readonly line: number;
  readonly fields: ReadonlyMap<string, WxrText>;
  readonly terms: readonly WxrItemTerm[];
  /** The post meta values whose keys the reader was asked for (each key may repeat). */
  readonly meta: readonly (readonly [string, string])[];
  /** How many reader comments the item carried (they are counted, not kept). */
  readonly comments: number;
}

/** XML that is not well-formed, where the parser found it. */
export interface WxrError {
  readonly type: "error";
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The item the error was found in, when the parser was inside one. */
  readonly itemLine?: number | undefined;
}

export type WxrEntry = WxrChannel | WxrDefinition | WxrItem | WxrError;

/** Item children kept as text. */
const itemFields = new Set([
  "title",
  "link",
  "pubDate",
  "dc:creator",
  "guid",
  "description",
  "content:encoded",
  "excerpt:encoded",
  "wp:post_id",
  "wp:post_date",
  "wp:post_date_gmt",
  "wp:post_modified",
  "wp:post_modified_gmt",
  "wp:comment_status",
  "wp:post_name",
  "wp:status",
  "wp:post_parent",
  "wp:post_type",
  "wp:post_password",
  "wp:attachment_url",
]);

const channelFields = new Set([
  "title",
  "link",
  "description",
  "language",
  "wp:base_site_url",
  "wp:base_blog_url",
]);

const definitions = new Set(["wp:author", "wp:category", "wp:tag", "wp:term"]);

/**
 * Reads a WordPress export (WXR) as a stream of entries with a real XML parser (saxes),
 * holding one item at a time: exports run to gigabytes. Only the fields an import uses are
 * kept; post meta values are kept for `metaKeys` only (page builders store megabytes there),
 * and comments are counted. Malformed XML is reported as an `error` entry where it was found
 * and reading goes on, as far as the parser can.
 */
export async function* readWxr(
  chunks: AsyncIterable<string>,
  metaKeys: ReadonlySet<string>,
): AsyncGenerator<WxrEntry> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  const ready: WxrEntry[] = [];
  const stack: string[] = [];
  let channel: Map<string, WxrText> | undefined = new Map();
  let item:
    | {
        line: number;
        depth: number;
        fields: Map<string, WxrText>;
        terms: WxrItemTerm[];
        meta: [string, string][];
        comments: number;
        metaKey?: string;
      }
    | undefined;
  let definition:
    | { type: WxrDefinition["type"]; line: number; fields: Map<string, WxrText> }
    | undefined;
  let capture:
    | {
        name: string;
        depth: number;
        line: number;
        parts: string[];
        attributes: Record<string, string>;
      }
    | undefined;
  const start = (name: string, line: number, attributes: Record<string, string> = {}) => {
    capture = { name, depth: stack.length, line, parts: [], attributes };
  };

  // A closed item waits here until the parser moves on: saxes, meeting a wrong closing tag,
  // closes every open element first and reports the error after, so an item closed that way is
  // only known to be broken when the error follows it.
  let closed: WxrItem | undefined;
  const flushChannel = () => {
    if (channel) ready.push({ type: "channel", fields: channel });
    channel = undefined;
  };
  const flushClosed = () => {
    if (closed) ready.push(closed);
    closed = undefined;
  };

  parser.on("opentag", (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    const line = parser.line;
    stack.push(tag.name);
    if (capture) return;
    flushClosed();
    // After a wrong closing tag the parser has closed the channel too: items still count.
    if (tag.name === "item" && !item) {
      flushChannel();
      item = { line, depth: stack.length, fields: new Map(), terms: [], meta: [], comments: 0 };
      return;
    }
    if (item) {
      if (parent === "item") {
        if (tag.name === "wp:comment") item.comments++;
        else if (itemFields.has(tag.name) || tag.name === "category") {
          start(tag.name, line, tag.attributes);
        }
      } else if (
        parent === "wp:postmeta" &&
        (tag.name === "wp:meta_key" || tag.name === "wp:meta_value")
      ) {
        if (
          tag.name === "wp:meta_key" ||
          (item.metaKey !== undefined && metaKeys.has(item.metaKey))
        ) {
          start(tag.name, line);
        }
      }
      return;
    }
    if (parent === "channel" && definitions.has(tag.name)) {
      definition = { type: tag.name as WxrDefinition["type"], line, fields: new Map() };
    } else if (definition && parent === definition.type) {
      start(tag.name, line);
    } else if (parent === "channel" && channel && channelFields.has(tag.name)) {
      start(tag.name, line);
    }
  });

  const onText = (text: string) => {
    capture?.parts.push(text);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  parser.on("closetag", (tag: SaxesTagPlain) => {
    const depth = stack.length;
    stack.pop();
    if (capture && capture.depth === depth) {
      const value = capture.parts.join("");
      const text = { value, line: capture.line };
      if (item) {
        if (capture.name === "category") {
          item.terms.push({
            domain: capture.attributes.domain ?? "category",
            nicename: capture.attributes.nicename ?? "",
            name: value.trim(),
            line: capture.line,
          });
        } else if (capture.name === "wp:meta_key") item.metaKey = value.trim();
        else if (capture.name === "wp:meta_value") item.meta.push([item.metaKey ?? "", value]);
        else if (!item.fields.has(capture.name)) item.fields.set(capture.name, text);
      } else if (definition) definition.fields.set(capture.name, text);
      else channel?.set(capture.name, text);
      capture = undefined;
      return;
    }
    if (capture) return;
    if (tag.name === "wp:postmeta" && item) item.metaKey = undefined;
    if (tag.name === "item" && item && depth === item.depth) {
      const { metaKey: _, depth: __, ...done } = item;
      closed = { type: "item", ...done };
      item = undefined;
    } else if (
      definition &&
      tag.name === definition.type &&
      stack[stack.length - 1] === "channel"
    ) {
      ready.push({ type: definition.type, line: definition.line, fields: definition.fields });
      definition = undefined;
    }
  });

  parser.on("error", (error: Error) => {
    const match = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(error.message);
    // saxes reports "unexpected close tag" after each element it had to close early: when that
    // element was an item, the item is broken. The item the error was found in is given up as a
    // whole, never imported half-read.
    const forcedClose = /^unexpected close tag/.test(match?.[3] ?? error.message);
    const broken = item ?? (forcedClose ? closed : undefined);
    if (broken === closed) closed = undefined;
    ready.push({
      type: "error",
      line: Number(match?.[1] ?? parser.line),
      column: Number(match?.[2] ?? parser.column),
      message: match?.[3] ?? error.message,
      itemLine: broken?.line,
    });
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    if (ready.length > 0) yield* ready.splice(0);
  }
  parser.close();
  flushClosed();
  flushChannel();
  yield* ready.splice(0);
}
