import type { Random } from "./create-random.js";
import { createTemplateFiller, phraseList } from "./create-template-filler.js";
import { slugify } from "./slugify.js";
import type { CorpusSection } from "./word-banks.js";

/** A staff writer of the generated newsroom. */
export interface CorpusAuthor {
  name: string;
  /** File name under `content/authors/` and the `/author/<slug>/` path segment. */
  slug: string;
  role: string;
  /** The section the author mostly writes for. */
  sectionId: string;
  /** The author file: front matter with `name` and `role`, then a two-sentence bio. */
  text: string;
}

/**
 * Creates `count` authors with distinct names, spread evenly over the sections so every section
 * has a few regular bylines.
 */
export function createAuthors(
  random: Random,
  sections: readonly CorpusSection[],
  count: number,
): CorpusAuthor[] {
  const firstNames = phraseList("firstName");
  const surnames = phraseList("surname");
  if (count > firstNames.length * surnames.length) {
    throw new RangeError(`cannot make ${count} distinct names from the name lists`);
  }

  const taken = new Set<string>();
  const authors: CorpusAuthor[] = [];
  while (authors.length < count) {
    const firstName = random.pick(firstNames);
    const name = `${firstName} ${random.pick(surnames)}`;
    if (taken.has(name)) {
      continue;
    }
    taken.add(name);

    const section = sections[authors.length % sections.length];
    if (section === undefined) {
      throw new Error("createAuthors needs at least one section");
    }
    // Bios use no year-dependent slots, so any year will do.
    const fill = createTemplateFiller(random, { section, year: 2026 });
    const role = fill("{authorRole}");
    const beat = random
      .sample(section.topics, 2)
      .map((topic) => fill(topic))
      .join(" and ");
    const roleText = role.toLowerCase();
    const article = /^[aeiou]/.test(roleText) ? "an" : "a";
    const bio = [
      `${name} is ${article} ${roleText} at ${fill("{siteName}")}, writing mostly about ${beat}.`,
      `${firstName} previously worked at ${fill("{previousOutlet}")} and is based in ${fill("{place}")}.`,
    ].join(" ");
    const text = `---\nname: ${name}\nrole: ${role}\n---\n${bio}\n`;
    authors.push({ name, slug: slugify(name), role, sectionId: section.id, text });
  }
  return authors;
}
