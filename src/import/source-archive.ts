import type { BlockContent } from "mdast";
import type { ImportNoteCode, ImportNotes } from "./import-notes.js";
import type { SourceDate } from "./read-source-date.js";

/**
 * Where a story stood in its old generator: published, or one of the states that never publish
 * (`private` and `password` are WordPress's: a static page cannot restrict who reads it).
 */
export type SourceState = "published" | "draft" | "private" | "password";

/** An image a story names in its front matter (its hero), as written. */
export interface SourceImage {
  readonly src: string;
  readonly alt?: string | undefined;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
}

/**
 * One story or page as its generator read it: fields already interpreted by that generator's
 * rules (which key holds the date, how tags are split, where the old URL was), not yet shaped
 * into Newsdeck front matter. Bodies stay on disk until they are converted.
 */
export interface SourceStory {
  readonly kind: "article" | "page";
  /** Path relative to the source folder, or the export file's name. */
  readonly file: string;
  /** The line the story starts on (1 for a file, the `<item>` line in an export). */
  readonly line: number;
  /** The line a field is written on; `line` when it is not. */
  readonly lineOf: (field: string) => number;
  /** Breaks ties between stories of the same date, so that every run orders them alike. */
  readonly order: string;
  /** Names other stories use to refer to this one (`ref`, `post_url`, `link`, a post id). */
  readonly refs: readonly string[];
  readonly title: string | undefined;
  readonly date: SourceDate | undefined;
  /** The field the date came from, for report lines. */
  readonly dateField: string;
  readonly updated?: SourceDate | undefined;
  readonly expires?: SourceDate | undefined;
  readonly state: SourceState;
  /** The slug the old site used (may need making URL-safe). */
  readonly slug: string;
  /** The path (and query) the old site served the story at, when it was served. */
  readonly oldUrl?: string | undefined;
  /** Other old paths that redirected to it (Hugo `aliases`, Jekyll `redirect_from`). */
  readonly aliases: readonly string[];
  /** The section the old site put it in (Hugo's content folder), when there was one. */
  readonly section?: string | undefined;
  /** Categories in the order given; the first becomes the section unless `section` is set. */
  readonly categories: readonly SourceCategory[];
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly summary?: string | undefined;
  readonly image?: SourceImage | undefined;
  readonly comments?: "open" | "closed" | undefined;
  /** Front-matter fields Newsdeck has no place for, kept as comments and listed. */
  readonly extra: readonly (readonly [string, unknown])[];
  /** Where the body starts, for notes about it. */
  readonly bodyLine: number;
  /** Reads the body as written (HTML for WordPress, Markdown with shortcodes or Liquid otherwise). */
  readonly readBody: () => Promise<string>;
}

/** A category: its display name and the id the old site used for it (WordPress's nicename). */
export interface SourceCategory {
  readonly name: string;
  readonly id: string;
}

/** An author the old site knew, with what it said about them. */
export interface SourceAuthor {
  /** The name stories are bylined with (also what `authors` lists). */
  readonly name: string;
  readonly url?: string | undefined;
  readonly bio?: string | undefined;
}

/** A file the source holds, and the path it was served at. */
export interface HeldFile {
  readonly absPath: string;
  /** URL path under the site root, starting with `/`. */
  readonly publicPath: string;
}

/** Something a story embeds: a video, a post, a map, as the archive names it. */
export interface SourceEmbed {
  /** The address the archive gives (a page to embed, or what an `<iframe>` loaded). */
  readonly url: string;
  readonly caption?: string | undefined;
  /** What the frame shows, for screen readers (an `<iframe title>`). */
  readonly title?: string | undefined;
  /**
   * True when the old page framed `url` itself (an `<iframe>`), rather than naming a page whose
   * embed code WordPress or Hugo looked up (`[embed]`, `{{< x >}}`).
   */
  readonly framed?: boolean | undefined;
}

/** What a body converter may ask about the rest of the import. */
export interface BodyContext {
  readonly story: SourceStory;
  /** Adds a report line located in the story's file. */
  note(code: ImportNoteCode, line: number, message: string): void;
  /** What an image reference becomes: a local public path, a remote URL, a link, or nothing. */
  image(ref: string, line: number, alt: string): Promise<ResolvedImage>;
  /** An embed as Markdown blocks (see `story-blocks.ts`); notes when it became a link. */
  embed(embed: SourceEmbed, line: number): BlockContent[];
  /** A figure as Markdown blocks, its image resolved; a link or nothing when it cannot show. */
  figure(image: SourceImage, line: number): Promise<BlockContent[]>;
  /** A link's new target: old story URLs become new ones, held files are copied. */
  link(ref: string): string;
  /** The new URL of a story another one refers to by name (`ref`, `post_url`...). */
  storyUrl(ref: string): string | undefined;
}

/** An image reference after import: where it now loads from, or why it is gone. */
export type ResolvedImage =
  | { readonly kind: "local" | "remote"; readonly src: string; readonly alt: string }
  | { readonly kind: "link"; readonly href: string; readonly alt: string }
  | { readonly kind: "missing"; readonly alt: string };

/** Site-wide facts the old generator's config or export gave. */
export interface SourceSite {
  readonly title?: string | undefined;
  readonly url?: string | undefined;
  readonly description?: string | undefined;
  readonly language?: string | undefined;
  /** IANA zone that zone-less dates were read in; it becomes `site.timezone`. */
  readonly timeZone: string;
}

/** A whole archive, read: what it holds and how to convert each body. */
export interface SourceArchive {
  readonly generator: "WordPress" | "Hugo" | "Jekyll";
  readonly site: SourceSite;
  readonly stories: readonly SourceStory[];
  readonly authors: readonly SourceAuthor[];
  /** Titles (and descriptions) the old site gave its sections or categories, by section id. */
  readonly sections: ReadonlyMap<string, { readonly title: string; readonly description?: string }>;
  /** Hosts the old site was served from: absolute links to them are links into the archive. */
  readonly hosts: readonly string[];
  /** Files copied into `public/` whether or not a story names them (Hugo's `static/`). */
  readonly publicFiles: readonly HeldFile[];
  /** Counts for the report that are not stories: skipped items, comments, attachments. */
  readonly counts: ReadonlyMap<string, number>;
  /** Finds the file a reference in a story names, when the source holds it. */
  findFile(ref: string, story: SourceStory): HeldFile | undefined;
  /** Converts a story's body into Newsdeck Markdown. */
  convertBody(context: BodyContext): Promise<string>;
  /** Removes what reading staged on disk. */
  dispose(): Promise<void>;
}

/** What every reader is given. */
export interface ReadOptions {
  /** The source: an export file (WordPress) or a site folder (Hugo, Jekyll). */
  readonly source: string;
  /** WordPress uploads folder (`wp-content/uploads`), when given. */
  readonly uploads?: string | undefined;
  /** A folder the reader may stage bodies in; removed by `dispose`. */
  readonly stagingDir: string;
  readonly notes: ImportNotes;
}
