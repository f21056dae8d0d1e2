import path from "node:path";

/** Values for the `{{name}}` placeholders of the starter site, by name. */
export type StarterValues = Readonly<Record<string, string>>;

/** Files whose placeholders stand inside double-quoted strings (see {@link fillPlaceholders}). */
const quotedExtensions = new Set([".ts", ".json", ".yml", ".yaml"]);

/**
 * Replaces every `{{name}}` in the text of the starter file `where` (or in its path, with
 * `inPath`). In code and data files (`.ts`, `.json`, `.yml`) a placeholder always stands inside
 * a double-quoted string, so its value is escaped as JSON string content, which TypeScript, JSON
 * and YAML read alike: a site title with quotes or backslashes cannot break the config.
 * Elsewhere (Markdown, paths) the value goes in as it is. A name without a value is a mistake in
 * the starter files, so it throws.
 */
export function fillPlaceholders(
  text: string,
  values: StarterValues,
  where: string,
  inPath = false,
): string {
  const quoted = !inPath && quotedExtensions.has(path.extname(where));
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${where}: no value for placeholder {{${name}}}`);
    return quoted ? JSON.stringify(value).slice(1, -1) : value;
  });
}
