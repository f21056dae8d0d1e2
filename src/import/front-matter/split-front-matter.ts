/** The front-matter languages Hugo reads (Jekyll reads YAML only). */
export type FrontMatterFormat = "yaml" | "toml" | "json";

/** Which generator's rules to split by. */
export type FrontMatterDialect = "hugo" | "jekyll";

/** A source file split into its front matter and body, with where each starts. */
export interface SplitSource {
  /** Undefined when the file has no front matter. */
  readonly format: FrontMatterFormat | undefined;
  /** The text between the delimiters (for JSON: the object, braces included). */
  readonly frontMatter: string;
  /** 1-based line on which `frontMatter` starts. */
  readonly frontMatterLine: number;
  readonly body: string;
  /** 1-based line on which the body starts. */
  readonly bodyLine: number;
  /** The file started with a byte-order mark. */
  readonly byteOrderMark: boolean;
  /** Blank lines stood before the opening delimiter. */
  readonly leadingBlankLines: number;
  /** An opening delimiter without a closing one: the file cannot be read. */
  readonly unclosed?: { readonly line: number; readonly delimiter: string } | undefined;
}

const delimiters: Record<string, FrontMatterFormat> = { "---": "yaml", "+++": "toml" };

/**
 * Splits a content file as its generator does. Both skip a byte-order mark. Hugo's lexer also
 * skips blank lines before the front matter and reads `---` YAML, `+++` TOML and a `{...}`
 * JSON object; Jekyll reads `---` YAML closed by `---` or `...`. Jekyll itself only sees front
 * matter on the very first line; blank lines before it are accepted here too (the caller
 * reports them), since the writer plainly meant front matter.
 */
export function splitFrontMatter(text: string, dialect: FrontMatterDialect): SplitSource {
  const byteOrderMark = text.charCodeAt(0) === 0xfeff;
  const source = (byteOrderMark ? text.slice(1) : text).replace(/\r\n?/g, "\n");
  const lines = source.split("\n");
  let first = 0;
  while (first < lines.length - 1 && (lines[first] ?? "").trim() === "") first++;
  const opening = (lines[first] ?? "").trimEnd();
  const none: SplitSource = {
    format: undefined,
    frontMatter: "",
    frontMatterLine: 1,
    body: source,
    bodyLine: 1,
    byteOrderMark,
    leadingBlankLines: 0,
  };
  const format = delimiters[opening];
  if (format === "toml" && dialect === "jekyll") return none;
  if (format !== undefined) {
    const closers = format === "yaml" && dialect === "jekyll" ? ["---", "..."] : [opening];
    for (let end = first + 1; end < lines.length; end++) {
      if (closers.includes((lines[end] ?? "").trimEnd())) {
        return {
          format,
          frontMatter: lines.slice(first + 1, end).join("\n"),
          frontMatterLine: first + 2,
          body: lines.slice(end + 1).join("\n"),
          bodyLine: end + 2,
          byteOrderMark,
          leadingBlankLines: first,
        };
      }
    }
    // Jekyll's pattern does not match an unclosed block: the whole file is the body.
    if (dialect === "jekyll") return none;
    return { ...none, unclosed: { line: first + 1, delimiter: opening }, leadingBlankLines: first };
  }
  if (dialect === "hugo" && opening.startsWith("{")) {
    const offset = lines.slice(0, first).reduce((sum, line) => sum + line.length + 1, 0);
    const end = jsonObjectEnd(source, offset);
    if (end === undefined) return { ...none, unclosed: { line: first + 1, delimiter: "{" } };
    const frontMatter = source.slice(offset, end);
    const rest = source.slice(end).replace(/^[ \t]*\n?/, "");
    return {
      format: "json",
      frontMatter,
      frontMatterLine: first + 1,
      body: rest,
      bodyLine: countLines(source, source.length - rest.length),
      byteOrderMark,
      leadingBlankLines: first,
    };
  }
  return none;
}

/** The offset just after the `}` that closes the object opening at `start`, as Hugo's lexer finds it. */
function jsonObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return undefined;
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
