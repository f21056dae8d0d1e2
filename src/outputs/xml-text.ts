/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
 * Escaping cannot save them, so they are dropped: one stray control character in a headline
 * must not make a whole feed or sitemap unparseable.
 */
const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 does not allow, keeping everything else as it is. */
export function toXmlCharacters(text: string): string {
  return text.replace(notXmlCharacter, "");
}

/** Escapes text for XML element content or a double- or single-quoted attribute value. */
export function escapeXml(text: string): string {
  return toXmlCharacters(text).replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}

const xmlEntities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * A URL as sitemaps and feeds must write it: parsed and re-serialised, so non-ASCII path
 * segments (`/tag/café/`) are percent-encoded as RFC 3986 requires.
 */
export function normalizeUrl(url: string): string {
  return new URL(url).href;
}
