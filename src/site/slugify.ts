import slugifyText from "@sindresorhus/slugify";

/**
 * The URL segment for a name: lowercase ASCII words joined by hyphens (`COVID-19` ->
 * `covid-19`, `Thandi Mokoena` -> `thandi-mokoena`). Stable: the same name always gives the
 * same slug, so published URLs do not move.
 */
export function slugify(name: string): string {
  // Tags and author names repeat on thousands of articles: transliterate each name once.
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = slugifyText(name, { decamelize: false, separator: "-" });
    if (slugs.size > 100_000) slugs.clear();
    slugs.set(name, slug);
  }
  return slug;
}

const slugs = new Map<string, string>();

/**
 * The URL segment of a tag or author name. Like {@link slugify}, but a name in a script that
 * has no Latin transliteration (`日本`, `한국`, `भारत`) keeps its own letters, lowercased and
 * hyphenated, instead of collapsing to nothing and sharing one page with every other such
 * name. Empty only for a name without a letter or digit (`!!!`).
 */
export function slugifyTerm(name: string): string {
  const latin = slugify(name);
  if (latin) return latin;
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}
