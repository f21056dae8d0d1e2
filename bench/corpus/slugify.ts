/**
 * Turns a headline or a name into a URL slug: lower-case ASCII letters and digits joined by
 * hyphens. The word banks are plain ASCII, which is why this simple rule is enough here; author
 * names are letters and spaces only, so their slugs match what any slugifier makes of them.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
