/**
 * Readers of front-matter values as the old generators took them, where a writer's YAML often
 * gives another type than the field wants (`title: 2024`, `draft: yes`, `tags: one two`).
 * Each returns the value and whether it had to be changed, so the caller can report it.
 */

/** Text from a string, number or boolean (`title: 1984` is the text "1984"). */
export function readText(value: unknown): { value: string | undefined; coerced: boolean } {
  if (typeof value === "string") return { value: value.trim() || undefined, coerced: false };
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return { value: String(value), coerced: true };
  }
  return { value: undefined, coerced: value !== undefined && value !== null };
}

/**
 * A list of names. A single string is one name, or, with `splitWords` (Jekyll's plural keys:
 * `tags: news local`), one name per word. Scalars in the list are read as text; empty entries and
 * repeats are dropped.
 */
export function readList(
  value: unknown,
  splitWords = false,
): { value: string[]; coerced: boolean } {
  if (value === undefined || value === null) return { value: [], coerced: false };
  const items = Array.isArray(value)
    ? value
    : typeof value === "string" && splitWords
      ? value.split(/\s+/)
      : [value];
  let coerced = !Array.isArray(value) && typeof value !== "string";
  const names: string[] = [];
  for (const item of items) {
    const text = readText(item);
    if (text.coerced) coerced = true;
    if (text.value !== undefined && !names.includes(text.value)) names.push(text.value);
  }
  return { value: names, coerced };
}

/** YAML 1.1 booleans as Psych and go-yaml v2 read them: `yes`, `no`, `on`, `off`, `true`, `false`. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  if (word === "true" || word === "yes" || word === "on") return true;
  if (word === "false" || word === "no" || word === "off") return false;
  return undefined;
}

/**
 * The value of the first of `keys` that is present and not empty (Hugo reads `expiryDate` or
 * `unpublishdate`). Hugo's keys are case-insensitive, Jekyll's are not.
 */
export function firstPresent(
  data: Record<string, unknown>,
  keys: readonly string[],
  ignoreCase: boolean,
): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    const found = ignoreCase
      ? Object.keys(data).find((k) => k.toLowerCase() === key.toLowerCase())
      : Object.hasOwn(data, key)
        ? key
        : undefined;
    if (
      found !== undefined &&
      data[found] !== undefined &&
      data[found] !== null &&
      data[found] !== ""
    ) {
      return { key: found, value: data[found] };
    }
  }
  return undefined;
}
