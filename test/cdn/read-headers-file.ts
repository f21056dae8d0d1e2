/**
 * An independent reader of the `_headers` format for the CDN tests, written from the host
 * documentation rather than shared with the code under test: a URL pattern at the start of a
 * line, indented `Name: value` lines under it, `#` comments; `*` matches any characters
 * (slashes included), `:name` one path segment (Cloudflare Pages' rules engine).
 */
export interface ParsedRule {
  readonly pattern: string;
  readonly headers: ReadonlyMap<string, string>;
  matches(url: string): boolean;
}

/** Parses a `_headers` file; header names are lowercased. */
export function readHeadersFile(text: string): ParsedRule[] {
  const rules: { pattern: string; headers: Map<string, string> }[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (/^\s/.test(line)) {
      const [name, ...value] = line.trim().split(":");
      rules.at(-1)?.headers.set((name ?? "").trim().toLowerCase(), value.join(":").trim());
    } else {
      rules.push({ pattern: line.trim(), headers: new Map() });
    }
  }
  return rules.map((rule) => {
    const source = rule.pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+"))
      .join(".*");
    const regExp = new RegExp(`^${source}$`);
    return { ...rule, matches: (url: string) => regExp.test(url) };
  });
}

/** The URL a reader requests for an output file: `a/index.html` -> `/a/`. */
export function urlOf(outputPath: string): string {
  return `/${outputPath}`.replace(/(^|\/)index\.html$/, "$1");
}

/** The values of `header` that the rules matching `url` set, in rule order. */
export function valuesFor(rules: readonly ParsedRule[], url: string, header: string): string[] {
  return rules
    .filter((r) => r.matches(url) && r.headers.has(header))
    .map((r) => r.headers.get(header) as string);
}
