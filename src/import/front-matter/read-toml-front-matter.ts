import { parse, TomlDate, TomlError } from "smol-toml";
import { escapeRegExp } from "../text-escapes.js";
import { type FrontMatterRead, findKeyLine } from "./front-matter-read.js";

/**
 * Reads Hugo's `+++` TOML front matter with smol-toml (TOML 1.0, as strict as Hugo's own
 * go-toml: a repeated key is an error there too). Dates become their TOML text
 * (`2026-05-26T09:30:00+02:00`, or without an offset when the file gave none), so that the
 * caller reads zone-less ones in the site's zone.
 */
export function readTomlFrontMatter(text: string, firstLine: number): FrontMatterRead {
  let value: Record<string, unknown>;
  try {
    value = parse(text) as Record<string, unknown>;
  } catch (error) {
    const located = error instanceof TomlError;
    return {
      ok: false,
      line: firstLine + (located ? error.line : 1) - 1,
      column: located ? error.column : 1,
      message: `the front matter is not TOML Hugo could read: ${firstLineOf(error)}`,
    };
  }
  return {
    ok: true,
    data: datesAsText(value) as Record<string, unknown>,
    lineOf: (key) =>
      findKeyLine(
        text,
        firstLine,
        (k) => new RegExp(`^\\s*["']?${escapeRegExp(k)}["']?\\s*=`),
        key,
      ),
    quirks: [],
  };
}

function datesAsText(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(datesAsText);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesAsText(v)]));
  }
  return value;
}

function firstLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).replace(/^Invalid TOML document: /, "");
}
