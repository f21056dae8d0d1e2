import { zonedParts } from "../../site/time.js";

/** Jekyll's named permalink styles, for posts. */
const styles: Record<string, string> = {
  date: "/:categories/:year/:month/:day/:title:output_ext",
  pretty: "/:categories/:year/:month/:day/:title/",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  weekdate: "/:categories/:year/W:week/:short_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

/** What Jekyll builds a post's URL from. */
export interface JekyllPostFacts {
  /** The post's own `permalink`, when it set one. */
  readonly permalink?: string | undefined;
  /** The slug from the file name, or the `slug` field. */
  readonly title: string;
  /** Categories from the folders above `_posts/` and the front matter, in that order. */
  readonly categories: readonly string[];
  readonly date: number;
  readonly timeZone: string;
}

/**
 * The path Jekyll served a post at: its own `permalink`, else the site's (a named style or a
 * pattern with `:year`, `:month`, `:i_month`, `:day`, `:i_day`, `:y_day`, `:short_year`,
 * `:hour`, `:minute`, `:second`, `:week`, `:short_day`, `:title`, `:slug`, `:categories`,
 * `:output_ext`), categories lowercased as Jekyll's URL drop does, empty segments collapsed.
 */
export function jekyllPostUrl(post: JekyllPostFacts, sitePermalink: string | undefined): string {
  const pattern =
    post.permalink ?? styles[sitePermalink ?? "date"] ?? sitePermalink ?? styles.date ?? "";
  const p = zonedParts(post.date, post.timeZone);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const yearDay = Math.floor((day.getTime() - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
  const values: Record<string, string> = {
    year: String(p.year),
    short_year: String(p.year).slice(2),
    month: pad(p.month),
    i_month: String(p.month),
    day: pad(p.day),
    i_day: String(p.day),
    y_day: String(yearDay).padStart(3, "0"),
    hour: pad(p.hour),
    minute: pad(p.minute),
    second: pad(p.second),
    week: pad(isoWeek(day)),
    short_day: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][day.getUTCDay()] ?? "",
    title: post.title,
    slug: post.title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, ""),
    categories: [...new Set(post.categories.map((c) => c.toLowerCase()))].join("/"),
    output_ext: ".html",
  };
  const url = pattern.replace(
    /:(short_year|i_month|i_day|y_day|short_day|output_ext|categories|year|month|day|hour|minute|second|week|title|slug)\b/g,
    (_, token: string) => values[token] ?? "",
  );
  return `/${url}`.replace(/\/{2,}/g, "/");
}

/** The path Jekyll served a page at: its `permalink`, else its path with `.html` (or a folder, for `pretty`). */
export function jekyllPageUrl(
  relativePath: string,
  permalink: string | undefined,
  sitePermalink: string | undefined,
): string {
  if (permalink) return `/${permalink}`.replace(/\/{2,}/g, "/");
  const withoutExtension = relativePath.replace(/\.[^./]+$/, "");
  if (/(^|\/)index$/.test(withoutExtension))
    return `/${withoutExtension.replace(/(^|\/)index$/, "$1")}`.replace(/\/{2,}/g, "/");
  const pretty = sitePermalink === "pretty" || (sitePermalink?.endsWith("/") ?? false);
  return pretty ? `/${withoutExtension}/` : `/${withoutExtension}.html`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function isoWeek(day: Date): number {
  const thursday = new Date(day);
  thursday.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
