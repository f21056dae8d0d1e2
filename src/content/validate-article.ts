import { realpathSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { ResolvedConfig } from "../config/config-schema.js";
import type { DiagnosticCode } from "../errors/catalog.js";
import { describeIssue, valueKind } from "../errors/describe-issue.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { checkUrlPath } from "../site/check-url-path.js";
import type {
  Article,
  AuthorBio,
  FieldPositions,
  ImageRef,
  SourcePosition,
  StaticPage,
} from "../site/model.js";
import { packPositions } from "../site/model.js";
import { slugify } from "../site/slugify.js";
import { parseIsoDate } from "../site/time.js";
import { countWords, extractFirstParagraph } from "./body-text.js";
import { checkLimits } from "./check-limits.js";
import {
  articleFrontMatterSchema,
  authorFrontMatterSchema,
  findControlCharacter,
  type ImageFrontMatter,
  pageFrontMatterSchema,
} from "./front-matter-schema.js";
import type { ParsedSource } from "./parse-front-matter.js";
import { suggestIsoDate } from "./suggest-iso-date.js";

/** What validation needs to know beyond the file itself. */
export interface ValidationContext {
  readonly config: ResolvedConfig;
  /** Tells whether a file exists (injected, so validation stays testable in memory). */
  readonly fileExists: (absPath: string) => boolean;
  /** Resolves symbolic links, or returns the path when it cannot; default `fs.realpathSync`. */
  readonly realPath?: ((absPath: string) => string) | undefined;
  /** The site root, for images under `public/`. */
  readonly root: string;
}

/** A source read from disk: its path, bytes' hash and text. */
export interface SourceText {
  readonly file: string;
  readonly absPath: string;
  readonly hash: string;
  readonly text: string;
}

/** The outcome of validating one file: the value when it is usable, and every problem found. */
export interface Validated<T> {
  readonly value?: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Validates an article's front matter into an {@link Article}, locating every problem. */
export function validateArticle(
  source: SourceText,
  parsed: ParsedSource,
  context: ValidationContext,
): Validated<Article> {
  const report = reporter(source, parsed);
  if (!parsed.hasFrontMatter) {
    report(
      "FrontMatterMissing",
      [],
      "the article has no front matter",
      "start the file with --- and title, date and section fields",
    );
    return { diagnostics: report.list };
  }
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const result = articleFrontMatterSchema.safeParse(parsed.data);
  if (!result.success)
    reportSchemaIssues(result.error.issues, articleFrontMatterSchema, parsed.data, report);
  for (const issue of checkLimits(parsed.data, context.config.limits))
    report("LimitExceeded", issue.fieldPath, issue.message, issue.hint);
  const data = result.success ? result.data : undefined;
  const timeZone = context.config.site.timezone;

  const date = readDate(parsed.data.date, ["date"], timeZone, report);
  const updated = readDate(parsed.data.updated, ["updated"], timeZone, report);
  const expires = readDate(parsed.data.expires, ["expires"], timeZone, report);
  if (date !== undefined && expires !== undefined && expires <= date) {
    report(
      "ExpiresBeforeDate",
      ["expires"],
      "expires is at or before date: the article would never be published",
      "remove expires or set it after date",
    );
  }
  const corrections: { date: number; text: string }[] = [];
  const rawCorrections = Array.isArray(parsed.data.corrections) ? parsed.data.corrections : [];
  rawCorrections.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const when = readDate(entry.date, ["corrections", index, "date"], timeZone, report);
    const text = entry.text;
    if (when !== undefined && typeof text === "string") corrections.push({ date: when, text });
  });

  const section = typeof parsed.data.section === "string" ? parsed.data.section : undefined;
  const sections = context.config.sections;
  if (section !== undefined && sections && !Object.hasOwn(sections, section)) {
    const known = Object.keys(sections).sort();
    const closest = suggestClosest(section, known);
    report(
      "SectionUnknown",
      ["section"],
      `unknown section "${section}"`,
      `${closest ? `did you mean "${closest}"? ` : ""}known sections: ${known.join(", ")}`,
    );
  } else if (section !== undefined && !sections && slugify(section) !== section) {
    report(
      "SectionUnknown",
      ["section"],
      `section "${section}" is not a lowercase id`,
      `use "${slugify(section)}"`,
    );
  }

  const baseName = path.basename(source.file, ".md");
  const slug = data?.slug ?? slugify(baseName);
  if (data?.slug !== undefined && slugify(data.slug) !== data.slug) {
    report(
      "PathUnsafe",
      ["slug"],
      `slug "${data.slug}" is not a lowercase, hyphenated URL segment`,
      `use "${slugify(data.slug) || "a-readable-slug"}"`,
    );
  } else if (!slug) {
    report(
      "PathUnsafe",
      [],
      `the file name "${baseName}" gives an empty slug`,
      "rename the file or set slug:",
    );
  }

  (data?.aliases ?? []).forEach((alias, index) => {
    const checked = checkUrlPath(alias.startsWith("/") ? alias : `/${alias}`);
    if (!checked.ok) {
      report(
        "PathUnsafe",
        ["aliases", index],
        `alias "${alias}" is not a safe URL path: ${checked.reason}`,
        "write the old URL as a path of lowercase words and hyphens: /old/story-slug/",
      );
    }
  });

  const image = data?.image
    ? resolveImage(data.image, ["image"], source, context, report)
    : undefined;
  const gallery = (data?.gallery ?? []).map((item, index) =>
    resolveImage(item, ["gallery", index], source, context, report),
  );

  if (!data || date === undefined || report.list.some((d) => d.severity === "error")) {
    return { diagnostics: report.list };
  }
  const body = parsed.body;
  const article: Article = {
    file: source.file,
    absPath: source.absPath,
    hash: source.hash,
    bodyOffset: parsed.bodyOffset,
    bodyLine: parsed.bodyLine,
    title: data.title,
    date,
    updated,
    expires,
    section: data.section,
    tags: data.tags,
    authors: data.authors,
    source: data.source,
    dateline: data.dateline,
    summary: data.summary ?? extractFirstParagraph(body),
    hasStandfirst: data.summary !== undefined,
    image,
    gallery,
    credits: data.credits,
    corrections,
    disclaimer: data.disclaimer,
    comments: data.comments,
    donate: data.donate,
    draft: data.draft,
    aliases: data.aliases,
    canonical: data.canonical,
    slug,
    wordCount: countWords(body),
    positions: fieldPositions(parsed),
  };
  return { value: article, diagnostics: report.list };
}

/** Validates an author bio file. */
export function validateAuthor(source: SourceText, parsed: ParsedSource): Validated<AuthorBio> {
  const report = reporter(source, parsed);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const result = authorFrontMatterSchema.safeParse(parsed.data);
  if (!result.success) {
    reportSchemaIssues(result.error.issues, authorFrontMatterSchema, parsed.data, report);
    return { diagnostics: report.list };
  }
  return {
    value: {
      file: source.file,
      absPath: source.absPath,
      hash: source.hash,
      bodyOffset: parsed.bodyOffset,
      bodyLine: parsed.bodyLine,
      slug: slugify(path.basename(source.file, ".md")),
      ...result.data,
    },
    diagnostics: report.list,
  };
}

/** Validates a static page file. */
export function validatePage(
  source: SourceText,
  parsed: ParsedSource,
  context: ValidationContext,
): Validated<StaticPage> {
  const report = reporter(source, parsed);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const result = pageFrontMatterSchema.safeParse(parsed.data);
  if (!result.success)
    reportSchemaIssues(result.error.issues, pageFrontMatterSchema, parsed.data, report);
  const { title, summary } = parsed.data;
  for (const issue of checkLimits({ title, summary }, context.config.limits))
    report("LimitExceeded", issue.fieldPath, issue.message, issue.hint);
  const updated = readDate(parsed.data.updated, ["updated"], context.config.site.timezone, report);
  const name = slugify(path.basename(source.file, ".md"));
  if (!result.success || report.list.some((d) => d.severity === "error"))
    return { diagnostics: report.list };
  return {
    value: {
      file: source.file,
      absPath: source.absPath,
      hash: source.hash,
      bodyOffset: parsed.bodyOffset,
      bodyLine: parsed.bodyLine,
      name,
      title: result.data.title,
      summary: result.data.summary,
      updated,
      draft: result.data.draft,
    },
    diagnostics: report.list,
  };
}

type FieldPath = readonly (string | number)[];

interface Reporter {
  (
    code: DiagnosticCode,
    fieldPath: FieldPath,
    message: string,
    hint?: string,
    part?: "key" | "value",
  ): void;
  readonly list: Diagnostic[];
}

function reporter(source: SourceText, parsed: ParsedSource): Reporter {
  const list: Diagnostic[] = [];
  const report = ((code, fieldPath, message, hint, part = "value") => {
    const pos = parsed.locate(fieldPath, part);
    list.push(
      createDiagnostic(code, message, {
        file: source.file,
        line: pos.line,
        column: pos.column,
        field: fieldPath.length > 0 ? fieldPath.join(".") : undefined,
        hint,
        phase: "validate",
        frame: createCodeFrame(source.text, pos.line, pos.column),
      }),
    );
  }) as Reporter;
  Object.defineProperty(report, "list", { value: list });
  return report;
}

function reportSchemaIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: { shape: Record<string, unknown> },
  data: Record<string, unknown>,
  report: Reporter,
): void {
  // A misspelt key explains its missing field: `tittle:` reports once, as unknown, not twice.
  const suggested = new Set<string>();
  const unknown: (() => void)[] = [];
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const fieldPath = cleanPath(issue.path);
    const known = knownKeys(schema, fieldPath);
    for (const key of issue.keys) {
      const closest = suggestClosest(key, known);
      if (closest) suggested.add([...fieldPath, closest].join("."));
      unknown.push(() =>
        report(
          "FieldUnknown",
          [...fieldPath, key],
          `unknown field "${key}"`,
          closest ? `did you mean "${closest}"?` : `known fields: ${known.join(", ")}`,
          "key",
        ),
      );
    }
  }
  for (const add of unknown) add();

  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") continue;
    const fieldPath = cleanPath(issue.path);
    const field = fieldPath.join(".");
    const value = valueAt(data, fieldPath);
    const missing = value === undefined;
    // Dates are read (and reported, with a corrected form) by readDate, unless they are missing.
    if (isDatePath(fieldPath) && !missing) continue;
    const last = String(fieldPath[fieldPath.length - 1] ?? "");
    if (last === "alt" && (missing || value === null || issue.code === "too_small")) {
      report(
        "ImageAltMissing",
        fieldPath.slice(0, -1),
        "an image needs alt text for readers who cannot see it",
        "describe what the picture shows: alt: Nurses outside a clinic",
        "key",
      );
    } else if (missing) {
      if (suggested.has(field)) continue;
      report(
        "FieldRequired",
        fieldPath,
        `required field "${field}" is missing`,
        requiredHint(last),
        "key",
      );
    } else if (value === null && issue.code === "invalid_type") {
      const required = isRequiredField(schema, fieldPath);
      report(
        required ? "FieldRequired" : "FieldType",
        fieldPath,
        `"${field}" has no value`,
        required ? requiredHint(last) : "give it a value or remove the line",
        "key",
      );
    } else if (
      issue.code === "too_small" &&
      typeof value === "string" &&
      value.trim() === "" &&
      isRequiredField(schema, fieldPath)
    ) {
      report("FieldRequired", fieldPath, `required field "${field}" is empty`, requiredHint(last));
    } else {
      report("FieldType", fieldPath, describeIssue(issue, field, value), typeHint(last, value));
    }
  }
}

function cleanPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.filter((p): p is string | number => typeof p !== "symbol");
}

function valueAt(data: unknown, fieldPath: FieldPath): unknown {
  let current = data;
  for (const step of fieldPath) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Object.hasOwn(current, step) ? (current as Record<string, unknown>)[step] : undefined;
  }
  return current;
}

function isDatePath(fieldPath: FieldPath): boolean {
  const [first, index, last] = fieldPath;
  if (fieldPath.length === 1) return first === "date" || first === "updated" || first === "expires";
  return (
    fieldPath.length === 3 &&
    first === "corrections" &&
    typeof index === "number" &&
    last === "date"
  );
}

function isRequiredField(
  schema: { shape: Record<string, unknown> },
  fieldPath: FieldPath,
): boolean {
  const field = fieldPath.length === 1 ? schema.shape[String(fieldPath[0])] : undefined;
  const optional = (
    field as { safeParse?: (v: unknown) => { success: boolean } } | undefined
  )?.safeParse?.(undefined).success;
  return field !== undefined && optional === false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where each present field's value stands: top-level fields and the items of lists that later
 * phases report on one by one (tags, authors, aliases).
 */
function fieldPositions(parsed: ParsedSource): FieldPositions {
  const positions: [string, SourcePosition][] = [];
  for (const [key, value] of Object.entries(parsed.data)) {
    positions.push([key, parsed.locate([key])]);
    if (Array.isArray(value) && (key === "tags" || key === "authors" || key === "aliases")) {
      value.forEach((_, index) => {
        positions.push([`${key}.${index}`, parsed.locate([key, index])]);
      });
    }
  }
  return packPositions(positions);
}

function knownKeys(schema: { shape: Record<string, unknown> }, fieldPath: FieldPath): string[] {
  let shape: Record<string, unknown> | undefined = schema.shape;
  for (const step of fieldPath) {
    if (typeof step === "number") continue;
    let inner = shape?.[step] as
      | { def?: { innerType?: unknown; element?: unknown }; shape?: Record<string, unknown> }
      | undefined;
    while (inner && !inner.shape && (inner.def?.innerType || inner.def?.element)) {
      inner = (inner.def.innerType ?? inner.def.element) as typeof inner;
    }
    shape = inner?.shape;
  }
  return Object.keys(shape ?? {}).sort();
}

function requiredHint(field: string): string {
  switch (field) {
    case "title":
      return "add a headline: title: Water restrictions eased in the metro";
    case "date":
      return "add the publication time: date: 2026-05-26T09:30:00+02:00";
    case "section":
      return "add a section id from the config: section: politics";
    case "src":
      return "give the image path relative to the article: src: ./photo.jpg";
    case "name":
      return "add the name as it appears in bylines: name: Thandi Mokoena";
    case "text":
      return "say what was corrected: text: An earlier version misspelled the minister's name.";
    default:
      return `add ${field}:`;
  }
}

function typeHint(field: string, value: unknown): string | undefined {
  switch (field) {
    case "tags":
    case "authors":
    case "aliases":
      return `write a list: ${field}: [First, Second]`;
    case "donate":
    case "draft":
      return `write true or false: ${field}: false`;
    case "comments":
      return "one of open, closed, disabled";
    case "image":
      return "write src and alt on their own lines under image:, indented: `  src: ./photo.jpg`";
    case "canonical":
    case "url":
      return "write the full address: https://news.example.org/story/";
    default:
      if (typeof value === "number" || typeof value === "boolean")
        return `put the value in quotes: ${field}: "${String(value)}"`;
      if (typeof value === "string" && findControlCharacter(value) !== undefined)
        return "remove the character; it was probably pasted in by accident";
      return undefined;
  }
}

function readDate(
  value: unknown,
  fieldPath: FieldPath,
  timeZone: string,
  report: Reporter,
): number | undefined {
  if (value === undefined) return undefined;
  const field = fieldPath.join(".");
  if (typeof value !== "string" && typeof value !== "number") {
    const required = fieldPath[0] === "date" || fieldPath[0] === "corrections";
    report(
      value === null && required ? "FieldRequired" : "FieldType",
      fieldPath,
      value === null
        ? `"${field}" has no value`
        : `${field} must be a date, not ${valueKind(value)}`,
      "write an ISO 8601 date: 2026-05-26 or 2026-05-26T09:30:00+02:00",
      value === null ? "key" : "value",
    );
    return undefined;
  }
  const parsed = parseIsoDate(String(value), timeZone);
  if (parsed.ok) return parsed.epochMs;
  report(
    "DateInvalid",
    fieldPath,
    `"${value}" is not an ISO 8601 date`,
    suggestIsoDate(String(value), timeZone),
  );
  return undefined;
}

function resolveImage(
  image: ImageFrontMatter,
  fieldPath: FieldPath,
  source: SourceText,
  context: ValidationContext,
  report: Reporter,
): ImageRef {
  const ref = {
    src: image.src,
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    width: image.width,
    height: image.height,
  };
  if (/^https?:\/\//i.test(image.src)) return ref;
  if (/^[a-z][a-z0-9+.-]*:/i.test(image.src) || image.src.startsWith("//")) {
    report(
      "FieldType",
      [...fieldPath, "src"],
      `image src "${image.src}" is neither a local path nor an https URL`,
      "use ./photo.jpg, /images/photo.jpg or https://...",
    );
    return ref;
  }
  const file = image.src.startsWith("/")
    ? path.join(context.root, "public", image.src)
    : path.resolve(path.dirname(source.absPath), image.src);
  const allowedRoot = image.src.startsWith("/")
    ? path.join(context.root, "public")
    : path.join(context.root, "content");
  if (!file.startsWith(allowedRoot + path.sep)) {
    report(
      "PathUnsafe",
      [...fieldPath, "src"],
      `image src "${image.src}" points outside ${path.relative(context.root, allowedRoot)}/`,
      "keep images next to the article or under public/",
    );
    return ref;
  }
  if (!context.fileExists(file)) {
    report(
      "ImageNotFound",
      [...fieldPath, "src"],
      `image file "${image.src}" does not exist`,
      `expected at ${path.relative(context.root, file).split(path.sep).join("/")}`,
    );
  } else if (
    !isInside((context.realPath ?? realPath)(file), (context.realPath ?? realPath)(allowedRoot))
  ) {
    // A symbolic link could otherwise publish any image on the build machine.
    report(
      "PathUnsafe",
      [...fieldPath, "src"],
      `image src "${image.src}" is a symbolic link to a file outside ${path.relative(context.root, allowedRoot)}/`,
      "copy the image into the site instead of linking to it",
    );
  }
  return { ...ref, file };
}

/** The path with symbolic links resolved; the path itself when it cannot be resolved. */
export function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function isInside(file: string, dir: string): boolean {
  return file.startsWith(dir + path.sep);
}
