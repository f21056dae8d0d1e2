import { stringify } from "yaml";
import { withoutControlCharacters } from "../text-escapes.js";

/**
 * A Markdown file with YAML front matter, as Newsdeck reads it: the fields in the order given
 * (absent ones left out), then the values Newsdeck has no field for as YAML comments (one
 * `# key: JSON` line each, under a heading line), then the body. Long values are not folded,
 * so a title stays on its line.
 */
export function renderContentFile(
  fields: Readonly<Record<string, unknown>>,
  kept: readonly (readonly [string, unknown])[],
  keptHeading: string,
  body: string,
): string {
  const present = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  const yaml = stringify(present, { lineWidth: 0, flowCollectionPadding: false });
  const comments = kept.length
    ? `# ${keptHeading}\n${kept.map(([key, value]) => `# ${key}: ${JSON.stringify(value) ?? "null"}`).join("\n")}\n`
    : "";
  const text = withoutControlCharacters(body).trim();
  return `---\n${yaml}${comments}---\n${text ? `\n${text}\n` : ""}`;
}
