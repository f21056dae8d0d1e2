import type { frontMatterLimits, ResolvedConfig } from "../config/config-schema.js";

/** The front-matter limits (`limits.body` is the Markdown phase's). */
type FrontMatterLimit = keyof typeof frontMatterLimits;

/** A front-matter value over one of the config's `limits`: where, and what to say. */
export interface LimitIssue {
  /** The field, or the first list item past the limit (`["tags", 200]`). */
  readonly fieldPath: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

/**
 * Checks the fields of an article or page against `limits` (see `frontMatterLimits` in the
 * config schema): the number of tags and authors, the length of the title and the summary.
 * Values of the wrong type are left to the schema's own errors.
 */
export function checkLimits(
  data: Readonly<Record<string, unknown>>,
  limits: ResolvedConfig["limits"],
): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const count = (field: string, key: FrontMatterLimit, noun: string) => {
    const list = data[field];
    const limit = limits[key];
    if (!Array.isArray(list) || list.length <= limit) return;
    issues.push({
      fieldPath: [field, limit],
      message: `${field} has ${list.length} ${noun}s; at most ${limit} are allowed (limits.${key})`,
      hint: `keep the ${noun}s readers follow, or raise limits.${key} in the config`,
    });
  };
  const length = (field: string, key: FrontMatterLimit) => {
    const text = data[field];
    const limit = limits[key];
    if (typeof text !== "string" || text.length <= limit) return;
    // Counted in characters as people see them, not UTF-16 units.
    const characters = [...text].length;
    if (characters <= limit) return;
    issues.push({
      fieldPath: [field],
      message: `${field} is ${characters} characters long; at most ${limit} are allowed (limits.${key})`,
      hint: `shorten it, or raise limits.${key} in the config`,
    });
  };
  count("tags", "tagsPerArticle", "tag");
  count("authors", "authorsPerArticle", "author");
  length("title", "titleLength");
  length("summary", "summaryLength");
  return issues;
}
