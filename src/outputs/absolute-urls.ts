/**
 * Start tags of serialised HTML, attributes included (quoted values may contain `>`). Text and
 * comments never match: in HTML that rehype serialised, a `<` in text is always escaped.
 */
const startTag =
  /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;

/** URL-valued attributes inside one start tag, with their (possibly quoted) values. */
const urlAttribute =
  /(\s(?:href|src|poster|cite|srcset)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/**
 * Makes every URL in an HTML fragment absolute (`href`, `src`, `srcset`, `poster`, `cite`), so
 * a body can leave the site: feed readers have no page to resolve `/images/x.jpg` or `#note-1`
 * against. Root-relative URLs get `baseUrl` in front; other relative ones (fragments, `../x`)
 * are resolved against the page's own absolute URL; absolute and `mailto:` URLs stay.
 */
export function absolutizeUrls(html: string, baseUrl: string, pageUrl: string): string {
  return html.replace(startTag, (tag) =>
    tag.replace(
      urlAttribute,
      (_match, prefix: string, double?: string, single?: string, bare?: string) => {
        const value = double ?? single ?? bare ?? "";
        const name = prefix
          .trim()
          .replace(/\s*=\s*$/, "")
          .toLowerCase();
        const resolved =
          name === "srcset"
            ? value
                .split(",")
                .map((candidate) => {
                  const [url = "", ...descriptor] = candidate.trim().split(/\s+/);
                  return [resolveUrl(url, baseUrl, pageUrl), ...descriptor].join(" ");
                })
                .join(", ")
            : resolveUrl(value, baseUrl, pageUrl);
        return `${prefix}"${resolved.replace(/"/g, "&#x22;")}"`;
      },
    ),
  );
}

/** One URL as written in an attribute (entities and all), made absolute. */
function resolveUrl(value: string, baseUrl: string, pageUrl: string): string {
  const trimmed = value.trim();
  if (trimmed === "" || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed) || trimmed.startsWith("//")) {
    return value;
  }
  if (trimmed.startsWith("/")) return `${baseUrl}${trimmed}`;
  try {
    return new URL(decodeEntities(trimmed), pageUrl).href.replace(/&/g, "&#x26;");
  } catch {
    return value;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt);/gi, (entity, code: string) => {
    const lower = code.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return namedEntities[lower] ?? entity;
  });
}

const namedEntities: Readonly<Record<string, string>> = {
  amp: "&",
  quot: '"',
  apos: "'",
  lt: "<",
  gt: ">",
};
