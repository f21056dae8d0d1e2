import path from "node:path";
import { isTimeZone } from "../config/config-schema.js";
import { slugify } from "../site/slugify.js";
import { formatIsoInZone, zonedParts } from "../site/time.js";
import type { StarterValues } from "./fill-placeholders.js";

/** The settings `newsdeck init` takes, as given on the command line (all optional). */
export interface InitSettings {
  readonly title?: string | undefined;
  readonly url?: string | undefined;
  readonly language?: string | undefined;
  readonly timezone?: string | undefined;
}

/** What the new site is made with, besides the settings. */
export interface InitContext {
  /** The folder the site goes into (its name gives the default title and package name). */
  readonly target: string;
  /** The time the example story is dated, epoch milliseconds. */
  readonly now: number;
  /** Newsdeck's version, which the site depends on exactly. */
  readonly version: string;
  /** The Node versions Newsdeck runs on, for the site's `engines`. */
  readonly node: string;
  /** The machine's time zone, the default for `timezone`. */
  readonly machineTimeZone?: string | undefined;
}

/**
 * Checks the settings and turns them into the starter's placeholder values, with defaults: the
 * title from the folder name (`harbour-post` -> `Harbour Post`), `https://example.org`, `en`,
 * and the machine's time zone. Returns the first problem as a message with a hint.
 */
export function resolveStarterValues(
  settings: InitSettings,
  context: InitContext,
): { readonly values: StarterValues } | { readonly error: string } {
  const folder = path.basename(path.resolve(context.target));
  const title = settings.title?.trim() || titleFromFolder(folder) || "Newsroom";

  const url = siteUrl(settings.url ?? "https://example.org");
  if (url === undefined)
    return {
      error: `--url "${settings.url}" is not an http(s) address (hint: --url https://news.example.org)`,
    };

  const language = canonicalLanguage(settings.language ?? "en");
  if (language === undefined)
    return {
      error: `--language "${settings.language}" is not a language tag (hint: --language en-GB)`,
    };

  const timezone = settings.timezone ?? context.machineTimeZone ?? "UTC";
  if (!isTimeZone(timezone))
    return {
      error: `--timezone "${timezone}" is not an IANA time zone (hint: --timezone Africa/Johannesburg)`,
    };

  // The example story is dated to the minute it was written, in the site's time zone.
  const now = Math.floor(context.now / 60_000) * 60_000;
  const parts = zonedParts(now, timezone);
  return {
    values: {
      title,
      url,
      language,
      timezone,
      date: formatIsoInZone(now, timezone),
      yyyy: String(parts.year),
      mm: String(parts.month).padStart(2, "0"),
      packageName: slugify(folder) || "news-site",
      version: context.version,
      node: context.node,
    },
  };
}

function titleFromFolder(folder: string): string {
  return folder
    .split(/[-_\s.]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(" ");
}

/** An http(s) URL without a trailing slash, query or fragment, or undefined. */
function siteUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) return undefined;
    return url.href.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
}

function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
