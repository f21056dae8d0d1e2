import { slugify, slugifyTerm } from "../../site/slugify.js";
import { formatIsoInZone } from "../../site/time.js";
import { htmlToText } from "../convert/html-text.js";
import type { ImportNotes } from "../import-notes.js";
import type { SourceStory } from "../source-archive.js";
import { withoutControlCharacters } from "../text-escapes.js";

/** A story with its quirks straightened out: every value valid Newsdeck front matter. */
export interface NormalizedStory {
  readonly story: SourceStory;
  readonly title: string;
  readonly date: number;
  readonly draft: boolean;
  readonly expires?: number | undefined;
  readonly updated?: number | undefined;
  /** The section id, and the title the old site gave it. */
  readonly section: string;
  readonly sectionTitle: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly summary?: string | undefined;
  readonly comments?: "open" | "closed" | undefined;
  /** A URL-safe slug. */
  readonly slug: string;
  /** Old URLs to keep: where it was served first, then the redirects the old site had. */
  readonly oldUrls: readonly string[];
  /** Values dropped while normalising, kept as comments in the file (`expires` of a draft). */
  readonly dropped: readonly (readonly [string, unknown])[];
}

/** What normalising needs besides the story. */
export interface NormalizeContext {
  readonly timeZone: string;
  /** `--section`: every story goes here, and categories all become tags. */
  readonly section?: string | undefined;
  /** Section titles the old site gave, by id. */
  readonly sectionTitles: ReadonlyMap<string, { readonly title: string }>;
  readonly generator: string;
  readonly notes: ImportNotes;
}

/** The section a story without one goes into. */
const defaultSection = "news";

/**
 * Normalises one story, each change a located report line: a missing title is made from its
 * text; a date without a zone is read in the site's zone; a story without a date, an unpublished
 * (private, password-protected) story and one whose expiry is at or before its date become
 * drafts; the section comes from `--section`, the old section or the first category; tags
 * without a letter or digit, which would have no URL, are dropped; the slug is made URL-safe.
 */
export async function normalizeStory(
  story: SourceStory,
  context: NormalizeContext,
): Promise<NormalizedStory> {
  const { notes, timeZone } = context;
  const note = (code: Parameters<ImportNotes["add"]>[0], field: string, message: string) =>
    notes.add(code, story.file, story.lineOf(field), message);
  const dropped: [string, unknown][] = [];

  let draft = story.state !== "published";
  if (story.state === "private") {
    note(
      "PrivateStory",
      "status",
      "a private story (only for logged-in readers) was imported as a draft",
    );
  } else if (story.state === "password") {
    note(
      "PasswordProtected",
      "status",
      "a password-protected story was imported as a draft: a static site cannot ask for a password",
    );
  }

  let date = story.date?.epochMs;
  if (date === undefined && story.kind === "page") {
    // A static page has no date in Newsdeck: nothing to normalise.
    date = 0;
  } else if (date === undefined) {
    draft = true;
    date = 0;
    note(
      "DateMissing",
      story.dateField,
      "no date the old generator could read: imported as a draft dated 1970-01-01; give it a date to publish it",
    );
  } else if (story.date && !story.date.hadZone) {
    note(
      "DateWithoutZone",
      story.dateField,
      `"${story.date.text}" has no zone: read in ${timeZone} as ${formatIsoInZone(date, timeZone)}`,
    );
  }

  let expires = story.expires?.epochMs;
  if (expires !== undefined && story.expires && !story.expires.hadZone) {
    note(
      "DateWithoutZone",
      "expires",
      `expiry "${story.expires.text}" has no zone: read in ${timeZone} as ${formatIsoInZone(expires, timeZone)}`,
    );
  }
  if (expires !== undefined && expires <= date) {
    note(
      "ExpiryBeforeDate",
      "expires",
      `expires ${formatIsoInZone(expires, timeZone)}, at or before its date ${formatIsoInZone(date, timeZone)}: imported as a draft (the expiry is kept as a comment)`,
    );
    dropped.push(["expires", formatIsoInZone(expires, timeZone)]);
    draft = true;
    expires = undefined;
  }
  const updated = story.updated && story.updated.epochMs > date ? story.updated.epochMs : undefined;

  const title = withoutControlCharacters(story.title ?? (await titleFromText(story)));
  if (story.title === undefined)
    note("TitleMissing", "title", `no title: "${title}" was made from its text`);

  const categories =
    context.section === undefined && story.section === undefined
      ? story.categories.slice(1)
      : story.categories;
  const sectionSource = context.section ?? story.section ?? story.categories[0]?.id;
  let section = sectionSource === undefined ? "" : slugify(sectionSource);
  if (!section) {
    section = defaultSection;
    if (story.kind === "article") {
      note(
        "SectionDefaulted",
        "categories",
        sectionSource === undefined
          ? `no category: put in the "${defaultSection}" section`
          : `the category "${sectionSource}" gives no section id: put in the "${defaultSection}" section`,
      );
    }
  }
  const sectionTitle =
    context.sectionTitles.get(sectionSource ?? "")?.title ??
    (context.section === undefined && story.section === undefined
      ? story.categories[0]?.name
      : undefined) ??
    titleCase(section);

  const tags: string[] = [];
  for (const name of [...categories.map((c) => c.name), ...story.tags].map(
    withoutControlCharacters,
  )) {
    if (!slugifyTerm(name)) {
      note(
        "TermDropped",
        "tags",
        `the tag "${name}" has no letter or digit to make a URL from and was dropped`,
      );
    } else if (!tags.includes(name)) tags.push(name);
  }
  const authors = story.authors.map(withoutControlCharacters).filter((name) => {
    if (slugifyTerm(name)) return true;
    note(
      "TermDropped",
      "authors",
      `the author "${name}" has no letter or digit to make a URL from and was dropped`,
    );
    return false;
  });

  let slug = slugify(story.slug);
  if (!slug) slug = slugify(title) || `story-${slugify(story.order) || "0"}`;
  if (story.slug && slug !== story.slug) {
    note("SlugChanged", "slug", `the slug "${story.slug}" became "${slug}"`);
  }

  const summary = story.summary?.trim()
    ? withoutControlCharacters(story.summary).replace(/\s+/g, " ").trim()
    : undefined;
  return {
    story,
    title,
    date,
    draft,
    expires,
    updated,
    section,
    sectionTitle,
    tags,
    authors,
    summary,
    comments: story.comments,
    slug,
    oldUrls: [...(story.oldUrl ? [story.oldUrl] : []), ...story.aliases],
    dropped,
  };
}

/** A headline from the first words of a story's text, for stories that had none. */
async function titleFromText(story: SourceStory): Promise<string> {
  const body = await story.readBody();
  const text = htmlToText(
    body
      .replace(/\{\{[<%][\s\S]*?[>%]\}\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, " ")
      .replace(/!\[[^\]]*\]\([^)]*\)|\[\S*\]:\s*\S+/g, " ")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[#*_`>|~]+/g, " "),
  );
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0)
    return story.summary?.trim() || `Untitled story ${story.order.replace(/^0+/, "")}`.trim();
  return words.length > 10 ? `${words.slice(0, 10).join(" ")}…` : words.join(" ");
}

function titleCase(id: string): string {
  return id
    .split("-")
    .map((word) => (word ? `${word[0]?.toUpperCase()}${word.slice(1)}` : word))
    .join(" ");
}
