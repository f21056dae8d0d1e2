/** Elements whose end separates words as a line break does (`<p>a</p><p>b</p>` is "a b"). */
const blockTags = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

/** Elements whose text is not prose a reader would search for. */
const skippedTags = new Set(["script", "style", "template", "iframe", "svg"]);

const namedReferences: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * The readable text of a rendered body, for the search index: tags dropped, block ends turned
 * into spaces, character references decoded, runs of white space collapsed. The input is
 * Newsdeck's own sanitised body HTML (serialised by rehype), not arbitrary markup, so a small
 * scanner is enough and avoids parsing every body a second time into a tree.
 */
export function htmlToText(html: string): string {
  let text = "";
  let skipping: string | undefined;
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    if (!skipping) text += html.slice(last, match.index);
    last = tag.lastIndex;
    const name = match[2]?.toLowerCase();
    if (!name) continue;
    const closing = match[1] === "/";
    if (skipping) {
      if (closing && name === skipping) skipping = undefined;
      continue;
    }
    if (!closing && skippedTags.has(name)) skipping = name;
    else if (blockTags.has(name)) text += " ";
  }
  if (!skipping) text += html.slice(last);
  return decodeReferences(text).replace(/\s+/g, " ").trim();
}

/** Decodes numeric character references and the few named ones rehype writes. */
function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (reference, body: string) => {
    if (body.startsWith("#")) {
      const code =
        body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : reference;
    }
    return namedReferences[body] ?? reference;
  });
}
