/** How a `::related` block names its story. */
export interface StoryRef {
  /**
   * `slug`: the story's slug (`hospital-ransomware`); `file`: its file under
   * `content/articles/`, without `.md` (`2026/11/hospital-ransomware`); `url`: its URL path
   * (`/health/2026/11/26/hospital-ransomware/`), written with or without the site's address.
   */
  readonly by: "slug" | "file" | "url";
  readonly value: string;
  /** The host of a full URL, to compare with the site's. */
  readonly host?: string | undefined;
}

/** Why a `story` value names nothing a build could look up. */
export interface StoryRefProblem {
  readonly problem: string;
  readonly hint: string;
}

const hint =
  'name the story by its slug (story="hospital-ransomware"), its file under content/articles/ or its URL';

/** Reads a `story` attribute: a slug, a file path or a URL (see {@link StoryRef}). */
export function parseStoryRef(value: string): StoryRef | StoryRefProblem {
  const written = value.trim();
  if (written === "") return { problem: "the story is empty", hint };
  if (/^https?:\/\//i.test(written)) {
    let url: URL;
    try {
      url = new URL(written);
    } catch {
      return { problem: `"${written}" is not a URL`, hint };
    }
    return { by: "url", value: urlPath(url.pathname), host: url.host.toLowerCase() };
  }
  if (written.startsWith("/")) return { by: "url", value: urlPath(written.split(/[?#]/)[0] ?? "") };
  if (written.includes("/") || written.endsWith(".md")) {
    const file = written
      .replace(/^\.\//, "")
      .replace(/^content\/articles\//, "")
      .replace(/\.md$/, "");
    if (file.split("/").some((part) => part === ".." || part === "." || part === ""))
      return { problem: `"${written}" is not a path under content/articles/`, hint };
    return { by: "file", value: file };
  }
  return { by: "slug", value: written };
}

/** A URL path as article URLs are written: a folder ends with `/`. */
function urlPath(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURI(pathname);
  } catch {
    // Kept as written: it will name no story.
  }
  const last = decoded.split("/").at(-1) ?? "";
  return last === "" || last.includes(".") ? decoded : `${decoded}/`;
}

/** The last segment of a URL path: the slug, in the permalinks Newsdeck writes. */
export function urlSlug(urlPathname: string): string {
  return urlPathname.split("/").filter(Boolean).at(-1) ?? "";
}

/**
 * The key under which the build state keeps the users of a reference (`s:<slug>` for slugs and
 * URLs, `f:<file>` for files), and which a story answers to: see {@link storyKeys}.
 */
export function storyRefKey(ref: StoryRef): string {
  return ref.by === "file"
    ? `f:${ref.value}`
    : `s:${ref.by === "url" ? urlSlug(ref.value) : ref.value}`;
}

/** The keys a story answers to: its slug and its file. */
export function storyKeys(story: { readonly slug: string; readonly file: string }): string[] {
  return [`s:${story.slug}`, `f:${articlePath(story.file)}`];
}

/** An article's file as a `story` names it: under `content/articles/`, without `.md`. */
function articlePath(file: string): string {
  return file.replace(/^content\/articles\//, "").replace(/\.md$/, "");
}
