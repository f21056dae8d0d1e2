/** Attributes of a shortcode: named ones, and positional ones in order. */
export interface ShortcodeAttributes {
  readonly named: ReadonlyMap<string, string>;
  readonly positional: readonly string[];
}

const attributePattern =
  /([\w-]+)\s*=\s*"((?:[^"\\]|\\.)*)"(?:\s|$)|([\w-]+)\s*=\s*['`]([^'`]*)['`](?:\s|$)|([\w-]+)\s*=\s*([^\s'"`]+)(?:\s|$)|"((?:[^"\\]|\\.)*)"(?:\s|$)|['`]([^'`]*)['`](?:\s|$)|(\S+)(?:\s|$)/g;

/**
 * Parses the attributes of a WordPress shortcode (as `shortcode_parse_atts` does), a Hugo
 * shortcode or a Jekyll include: `name="value"`, `name='value'`, `name=value`, and quoted or
 * bare positional values; Hugo's backquoted raw strings too. Names are lowercased. Jetpack's
 * `[youtube=URL]` form (text starting with `=`) is one positional value.
 */
export function parseShortcodeAttributes(text: string): ShortcodeAttributes {
  const named = new Map<string, string>();
  const positional: string[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith("=")) return { named, positional: [trimmed.slice(1).trim()] };
  for (const match of trimmed.replace(/[\u00a0\u200b]/g, " ").matchAll(attributePattern)) {
    if (match[1] !== undefined) named.set(match[1].toLowerCase(), unescapeQuotes(match[2]));
    else if (match[3] !== undefined) named.set(match[3].toLowerCase(), match[4] ?? "");
    else if (match[5] !== undefined) named.set(match[5].toLowerCase(), match[6] ?? "");
    else if (match[7] !== undefined) positional.push(unescapeQuotes(match[7]));
    else positional.push(match[8] ?? match[9] ?? "");
  }
  return { named, positional };
}

function unescapeQuotes(value: string | undefined): string {
  return (value ?? "").replace(/\\(["\\])/g, "$1");
}
