import type { z } from "zod";

/**
 * What is wrong with a value, in the writer's terms rather than the schema's: `pagination.perPage
 * must be a whole number, not the text "ten"` instead of zod's `expected number, received string`.
 */
export function describeIssue(issue: z.core.$ZodIssue, field: string, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return `${field} must be ${expectedText(issue.expected)}, not ${valueKind(value)}`;
    case "invalid_value":
      return `${field} must be one of ${issue.values.map(String).join(", ")}, not ${quote(value)}`;
    case "invalid_format":
      if (issue.format === "regex") return `${field} ${quote(value)} is not in the expected form`;
      return `${field} ${quote(value)} is not a valid ${issue.format === "url" ? "http(s) URL" : issue.format}`;
    case "too_small":
      if (typeof value === "string") return `${field} is empty`;
      if (Array.isArray(value))
        return `${field} must have at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      return `${field} must be at least ${issue.minimum}, not ${valueKind(value)}`;
    case "too_big":
      if (Array.isArray(value)) return `${field} must have at most ${issue.maximum} items`;
      return `${field} must be at most ${issue.maximum}, not ${valueKind(value)}`;
    case "custom":
      return `${field} ${issue.message}`;
    default:
      return `${field}: ${issue.message}`;
  }
}

/** The kind of value a schema expects, as a writer would say it. */
function expectedText(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
      return "a group of fields";
    case "boolean":
      return "true or false";
    case "int":
    case "number":
      return "a whole number";
    default:
      return expected;
  }
}

/** The kind of value that was written: `the number 123`, `a list`, `empty`. */
export function valueKind(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (ArrayBuffer.isView(value)) return "binary data";
  switch (typeof value) {
    case "string":
      return `the text ${quote(value)}`;
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `${value}`;
    case "object":
      return "a group of fields";
    default:
      return typeof value;
  }
}

/** A value in quotes, shortened to fit one line of output. */
function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}
