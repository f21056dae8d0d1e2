import { compareText } from "../../errors/diagnostic.js";
import { slugifyTerm } from "../../site/slugify.js";
import type { ImportNotes } from "../import-notes.js";
import type { NormalizedStory } from "./normalize-story.js";

/**
 * One spelling per tag: tags that differ only in case or punctuation (`covid-19`, `COVID-19`)
 * share a URL, so the build would merge them with a warning. Here the most used spelling wins
 * (ties: the first in code-point order, as the build decides), every story is rewritten to it,
 * and each story that used another spelling gets a report line.
 */
export function mergeTagSpellings(
  stories: readonly NormalizedStory[],
  notes: ImportNotes,
): NormalizedStory[] {
  const counts = new Map<string, Map<string, number>>();
  for (const story of stories) {
    for (const tag of story.tags) {
      const slug = slugifyTerm(tag);
      const spellings = counts.get(slug) ?? new Map<string, number>();
      spellings.set(tag, (spellings.get(tag) ?? 0) + 1);
      counts.set(slug, spellings);
    }
  }
  const winners = new Map<string, string>();
  for (const [slug, spellings] of counts) {
    const [winner] = [...spellings].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    if (winner) winners.set(slug, winner[0]);
  }
  return stories.map((story) => {
    let changed = false;
    const tags: string[] = [];
    for (const tag of story.tags) {
      const winner = winners.get(slugifyTerm(tag)) ?? tag;
      if (winner !== tag) {
        changed = true;
        notes.add(
          "TagsMerged",
          story.story.file,
          story.story.lineOf("tags"),
          `the tag "${tag}" became "${winner}", the spelling most stories use`,
        );
      }
      if (!tags.includes(winner)) tags.push(winner);
    }
    return changed ? { ...story, tags } : story;
  });
}
