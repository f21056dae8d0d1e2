import { zonedParts } from "../../site/time.js";

/** What Hugo builds a page's URL from. */
export interface HugoPageFacts {
  /** Folder of the page under the content folder (`posts/2019`), empty at the top. */
  readonly dir: string;
  /** File name without extension, or the bundle's folder name. */
  readonly baseName: string;
  readonly slug?: string | undefined;
  /** The `url` front-matter field: the whole path, used as it is. */
  readonly url?: string | undefined;
  readonly title?: string | undefined;
  readonly date?: number | undefined;
}

/** Site-wide settings that shape URLs. */
export interface HugoUrlSettings {
  readonly permalinks: ReadonlyMap<string, string>;
  readonly uglyUrls: boolean;
  readonly pathToLower: boolean;
  /** The path of `baseURL` (`/blog` for `https://example.org/blog/`), empty at the root. */
  readonly basePath: string;
  readonly timeZone: string;
}

const monthNames = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/**
 * The path Hugo served a page at: its `url` field; else its section's permalink pattern
 * (`:year`, `:month`, `:monthname`, `:day`, `:weekday`, `:weekdayname`, `:yearday`,
 * `:section`, `:sections`, `:title`, `:slug`, `:filename`, `:slugorfilename`,
 * `:contentbasename`); else its folder and slug (or file name). Lowercased unless the site
 * set `disablePathToLower`; `uglyURLs` gives `.html` instead of a folder.
 */
export function hugoPageUrl(page: HugoPageFacts, settings: HugoUrlSettings): string {
  if (page.url) {
    const explicit = page.url.startsWith("/") ? page.url : `/${page.url}`;
    return `${settings.basePath}${explicit}`;
  }
  const sections = page.dir.split("/").filter(Boolean);
  const section = sections[0] ?? "";
  const pattern = settings.permalinks.get(section.toLowerCase());
  const name = page.slug || page.baseName;
  let url: string;
  if (pattern) {
    const parts = page.date === undefined ? undefined : zonedParts(page.date, settings.timeZone);
    const day = parts ? new Date(Date.UTC(parts.year, parts.month - 1, parts.day)) : undefined;
    const values: Record<string, string> = {
      year: parts ? String(parts.year) : "",
      month: parts ? String(parts.month).padStart(2, "0") : "",
      monthname: parts ? (monthNames[parts.month - 1] ?? "") : "",
      day: parts ? String(parts.day).padStart(2, "0") : "",
      weekday: day ? String(day.getUTCDay()) : "",
      weekdayname: day ? (dayNames[day.getUTCDay()] ?? "") : "",
      yearday:
        day && parts
          ? String(Math.floor((day.getTime() - Date.UTC(parts.year, 0, 1)) / 86_400_000) + 1)
          : "",
      section,
      sections: sections.join("/"),
      title: urlize(page.title ?? ""),
      slug: page.slug || urlize(page.title ?? ""),
      filename: page.baseName,
      slugorfilename: page.slug || page.baseName,
      contentbasename: page.baseName,
    };
    url = pattern.replace(
      /:(slugorfilename|contentbasename|weekdayname|monthname|sections|section|yearday|weekday|filename|title|slug|year|month|day)\b/g,
      (_, token: string) => values[token] ?? "",
    );
    if (!url.startsWith("/")) url = `/${url}`;
    url = url.replace(/\/{2,}/g, "/");
  } else {
    const folder = sections.length ? `/${sections.join("/")}` : "";
    url = settings.uglyUrls ? `${folder}/${name}.html` : `${folder}/${name}/`;
  }
  if (settings.pathToLower) url = url.toLowerCase();
  return `${settings.basePath}${url}`;
}

/** Hugo's `urlize`: lowercase, spaces to hyphens, only letters, digits and `-_./` kept. */
function urlize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^\p{L}\p{N}\-_./]/gu, "");
}
