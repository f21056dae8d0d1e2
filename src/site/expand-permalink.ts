import { zonedParts } from "./time.js";

/** Values a permalink pattern may use. */
export interface PermalinkValues {
  readonly section?: string;
  readonly slug?: string;
  readonly name?: string;
  /** Publication instant; gives :yyyy, :mm and :dd in the site's timezone. */
  readonly date?: number;
}

/**
 * Expands a permalink pattern (`/:section/:yyyy/:mm/:dd/:slug/`) into a URL path. Dates are
 * taken in the site's timezone, so a story published at 23:30 local time carries its local date.
 * The result is not yet checked for safety: {@link checkUrlPath} does that.
 */
export function expandPermalink(
  pattern: string,
  values: PermalinkValues,
  timeZone: string,
): string {
  const parts = values.date !== undefined ? zonedParts(values.date, timeZone) : undefined;
  return pattern.replace(/:(yyyy|mm|dd|section|slug|name)\b/g, (_, token: string) => {
    switch (token) {
      case "yyyy":
        return parts ? String(parts.year).padStart(4, "0") : "";
      case "mm":
        return parts ? String(parts.month).padStart(2, "0") : "";
      case "dd":
        return parts ? String(parts.day).padStart(2, "0") : "";
      default:
        return values[token as "section" | "slug" | "name"] ?? "";
    }
  });
}
