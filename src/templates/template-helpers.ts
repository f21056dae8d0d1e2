import type { ResolvedConfig } from "../config/config-schema.js";
import { formatDatelineDate, formatDisplayDate, formatIsoInZone } from "../site/time.js";
import type { Favicon } from "./find-favicon.js";

/** Functions templates call as `it.h.*`; all output text is escaped by the template. */
export interface TemplateHelpers {
  /** `26 May 2026, 09:30` in the site's language and timezone. */
  date(epochMs: number, withTime?: boolean): string;
  /** `2026-05-26T09:30:00+02:00`, for `<time datetime>` and metadata. */
  iso(epochMs: number): string;
  /** `May 26`, for datelines. */
  datelineDate(epochMs: number): string;
  /** An absolute URL on the site (`site.url` or `--base-url`). */
  abs(url: string): string;
  /** The content-hashed URL of a theme asset (`style.css` -> `/assets/style.1a2b3c4d.css`). */
  asset(name: string): string;
  /** The site's icon (its `public/favicon.*`, else the theme's), or undefined when it has none. */
  favicon(): Favicon | undefined;
  /** JSON safe to place inside `<script type="application/ld+json">`. */
  json(value: unknown): string;
  /** HTML-escapes text, for building markup in helpers. */
  escape(text: string): string;
}

/** Creates the helpers for one build. */
export function createTemplateHelpers(
  config: ResolvedConfig,
  baseUrl: string,
  assets: ReadonlyMap<string, string>,
  favicon?: Favicon,
): TemplateHelpers {
  const { timezone, language } = config.site;
  return {
    date: (epochMs, withTime = true) => formatDisplayDate(epochMs, timezone, language, withTime),
    iso: (epochMs) => formatIsoInZone(epochMs, timezone),
    datelineDate: (epochMs) => formatDatelineDate(epochMs, timezone, language),
    abs: (url) =>
      /^https?:\/\//.test(url) ? url : `${baseUrl}${url.startsWith("/") ? url : `/${url}`}`,
    asset: (name) => {
      const url = assets.get(name);
      if (!url) throw new Error(`theme asset "${name}" does not exist under templates/assets/`);
      return url;
    },
    favicon: () => favicon,
    json: (value) => serializeJsonForScript(value),
    escape: escapeHtml,
  };
}

/**
 * JSON for a `<script>` element: `<`, `>`, `&` and the line separators are written as Unicode
 * escapes, so no value (a headline containing `</script>`) can end the element early.
 */
function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
