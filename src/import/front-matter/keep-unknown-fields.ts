import type { ImportNotes } from "../import-notes.js";

/**
 * The front-matter fields Newsdeck has no place for, in the order written: each is reported at
 * its line and kept, to be written as a comment in the new file.
 */
export function keepUnknownFields(
  data: Record<string, unknown>,
  isUsed: (key: string) => boolean,
  file: string,
  lineOf: (key: string) => number,
  notes: ImportNotes,
): (readonly [string, unknown])[] {
  return Object.entries(data)
    .filter(([key]) => !isUsed(key))
    .map(([key, value]) => {
      notes.add(
        "FieldUnknown",
        file,
        lineOf(key),
        `"${key}" has no Newsdeck field: kept as a comment in the front matter`,
      );
      return [key, value] as const;
    });
}
