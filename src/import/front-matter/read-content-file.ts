import { readFile } from "node:fs/promises";
import type { ImportNotes } from "../import-notes.js";
import { readFrontMatter } from "./read-front-matter.js";
import { type FrontMatterDialect, splitFrontMatter } from "./split-front-matter.js";

/** A content file as its generator read it. */
export interface ContentFile {
  readonly data: Record<string, unknown>;
  readonly hasFrontMatter: boolean;
  readonly lineOf: (key: string) => number;
  readonly body: string;
  readonly bodyLine: number;
}

const generators: Record<FrontMatterDialect, string> = { hugo: "Hugo", jekyll: "Jekyll" };

/**
 * Reads a Hugo or Jekyll content file: splits it by its generator's rules, reads the front
 * matter leniently, and reports each quirk straightened out (byte-order mark, blank lines before
 * the front matter, repeated keys, unindented quoted continuations). A file its generator could
 * not have read either is reported as unreadable, located, and undefined is returned.
 */
export async function readContentFile(
  absPath: string,
  file: string,
  dialect: FrontMatterDialect,
  notes: ImportNotes,
): Promise<ContentFile | undefined> {
  const generator = generators[dialect];
  let text: string;
  try {
    text = await readFile(absPath, "utf8");
  } catch (error) {
    notes.add(
      "FileUnreadable",
      file,
      0,
      `the file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  const split = splitFrontMatter(text, dialect);
  if (split.unclosed) {
    notes.add(
      "FileUnreadable",
      file,
      split.unclosed.line,
      `the front matter opened with ${split.unclosed.delimiter} is never closed, so ${generator} could not read this file either`,
    );
    return undefined;
  }
  const read = readFrontMatter(split, generator);
  if (!read.ok) {
    notes.add("FileUnreadable", file, read.line, `${read.message} (column ${read.column})`);
    return undefined;
  }
  if (split.format !== undefined) {
    if (split.byteOrderMark)
      notes.add(
        "ByteOrderMark",
        file,
        1,
        `the file starts with a byte-order mark; it was skipped, as ${generator} skips it`,
      );
    if (split.leadingBlankLines > 0) {
      notes.add(
        "LeadingBlankLines",
        file,
        1,
        dialect === "jekyll"
          ? `${split.leadingBlankLines} blank line${split.leadingBlankLines === 1 ? "" : "s"} before the opening ---: read as front matter (Jekyll itself showed that block as text)`
          : `${split.leadingBlankLines} blank line${split.leadingBlankLines === 1 ? "" : "s"} before the opening delimiter: skipped, as Hugo skips them`,
      );
    }
  }
  for (const quirk of read.quirks) notes.add(quirk.code, file, quirk.line, quirk.message);
  return {
    data: read.data,
    hasFrontMatter: split.format !== undefined,
    lineOf: read.lineOf,
    body: split.body,
    bodyLine: split.bodyLine,
  };
}
