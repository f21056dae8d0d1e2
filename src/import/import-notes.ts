import { compareText } from "../errors/diagnostic.js";

/**
 * Every kind of line an import report can hold, under a permanent name (like the build's error
 * catalog, these names never change once released). `unreadable` lines make the import exit 1;
 * `lossy` lines say what was converted with a loss or not at all; `normalised` lines say which
 * real-archive quirk was straightened out and how.
 */
export const importNoteCatalog = {
  FileUnreadable: { group: "unreadable", title: "A file or item could not be read" },

  ShortcodeNotConverted: { group: "lossy", title: "A shortcode had no Newsdeck equivalent" },
  LiquidNotConverted: { group: "lossy", title: "A Liquid tag had no Newsdeck equivalent" },
  BlockNotConverted: { group: "lossy", title: "A WordPress block had no Newsdeck equivalent" },
  EmbedAsLink: { group: "lossy", title: "An embed became a link" },
  ScriptRemoved: { group: "lossy", title: "A script or form was removed" },
  MarkupRemoved: { group: "lossy", title: "Generator-specific markup was removed" },
  ImageMissing: { group: "lossy", title: "An image the source does not hold was removed" },
  ImageRemote: { group: "lossy", title: "An image stays on another host" },
  FileNotHeld: { group: "lossy", title: "A linked file the source does not hold" },
  ImageNotAnImage: {
    group: "lossy",
    title: "A file used as an image is not one; it became a link",
  },
  AltTextMissing: { group: "lossy", title: "An image had no alt text" },
  FileNotCopied: { group: "lossy", title: "A file would overwrite a generated page" },
  UrlNotKept: { group: "lossy", title: "An old URL cannot be kept by a static redirect" },
  AliasClash: { group: "lossy", title: "An old URL belongs to another page" },
  PageUrlChanged: { group: "lossy", title: "A static page moved to a new URL" },
  TermDropped: { group: "lossy", title: "A tag or author without a letter or digit was dropped" },
  CommentsNotImported: { group: "lossy", title: "Reader comments were not imported" },
  ItemSkipped: { group: "lossy", title: "An item is not a story or a page" },
  PasswordProtected: { group: "lossy", title: "A password-protected story became a draft" },

  ExpiryBeforeDate: { group: "normalised", title: "Expiry at or before the date: a draft" },
  AliasIsOwnUrl: { group: "normalised", title: "An old URL equal to the new one was dropped" },
  SlugSuffixed: { group: "normalised", title: "Two stories on one URL: the later got a suffix" },
  SlugChanged: { group: "normalised", title: "A slug was made URL-safe" },
  DateWithoutZone: { group: "normalised", title: "A date without a zone was read in the site's" },
  DateMissing: { group: "normalised", title: "A story without a date became a draft" },
  TagsMerged: { group: "normalised", title: "Tags differing only in case were merged" },
  TitleMissing: { group: "normalised", title: "A story without a title got one from its text" },
  FieldUnknown: {
    group: "normalised",
    title: "A field Newsdeck does not use was kept as a comment",
  },
  DuplicateKey: { group: "normalised", title: "A duplicated front-matter key: the last one wins" },
  QuotedContinuation: {
    group: "normalised",
    title: "A quoted value continued on unindented lines",
  },
  LeadingBlankLines: { group: "normalised", title: "Blank lines before the opening ---" },
  ByteOrderMark: { group: "normalised", title: "A byte-order mark before the front matter" },
  LimitRaised: {
    group: "normalised",
    title: "A story over a default limit raised it in the config",
  },
  XmlRepaired: { group: "normalised", title: "A character XML forbids was read as it stood" },
  ValueCoerced: { group: "normalised", title: "A value of another type was read as text" },
  PrivateStory: { group: "normalised", title: "A private or pending story became a draft" },
  SectionDefaulted: { group: "normalised", title: "A story without a category got a section" },
  TimezoneGuessed: { group: "normalised", title: "The site's timezone was worked out" },
} as const satisfies Record<
  string,
  { group: "unreadable" | "lossy" | "normalised"; title: string }
>;

/** A permanent name from {@link importNoteCatalog}. */
export type ImportNoteCode = keyof typeof importNoteCatalog;

/** One line of the import report: where in the source, what kind, what happened. */
export interface ImportNote {
  readonly code: ImportNoteCode;
  /** Path relative to the source folder, or the export file's name. */
  readonly file: string;
  /** 1-based line in that file; 0 when the note is about the whole archive. */
  readonly line: number;
  readonly message: string;
}

/** Collects the notes of one import; `sorted()` gives them in report order. */
export class ImportNotes {
  readonly #notes: ImportNote[] = [];

  add(code: ImportNoteCode, file: string, line: number, message: string): void {
    this.#notes.push({ code, file, line, message });
  }

  /** How many notes of a group were added so far. */
  count(group: "unreadable" | "lossy" | "normalised"): number {
    return this.#notes.filter((note) => importNoteCatalog[note.code].group === group).length;
  }

  /** Every note, by file, line, code and message: the same input always lists the same way. */
  sorted(): ImportNote[] {
    return [...this.#notes].sort(compareNotes);
  }
}

function compareNotes(a: ImportNote, b: ImportNote): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}
