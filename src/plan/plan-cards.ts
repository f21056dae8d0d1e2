import type { BuildState } from "../cache/build-state.js";
import { storyKeys } from "../markdown/story-ref.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { ModelUpdate } from "../site/site-model.js";

/** Sources whose `::related` cards show a story that changed, by kind of page. */
export interface CardUsers {
  readonly articles: ReadonlySet<number>;
  /** Static page files. */
  readonly pages: ReadonlySet<string>;
  /** Author slugs whose bio shows such a card. */
  readonly bios: ReadonlySet<string>;
}

/**
 * The sources showing a related card of a story whose card changed: what other pages show of it
 * changed (its headline, summary, URL, or it came or went, published or unpublished), or the
 * slug or file it is named by. Their pages render again, and the card follows, or is reported
 * when its story is gone.
 */
export function changedCards(state: BuildState, update: ModelUpdate): CardUsers {
  const table = state.tables.cards;
  const keys = new Set<string>();
  const keysOf = (entry: ArticleEntry | undefined) => (entry ? storyKeys(entry) : []);
  for (const change of update.articles.values()) {
    const before = keysOf(change.before);
    const after = keysOf(change.after);
    if (!change.listing && before.join("\n") === after.join("\n")) continue;
    for (const key of [...before, ...after]) keys.add(key);
  }
  const articles = new Set<number>();
  const pages = new Set<string>();
  const bios = new Set<string>();
  for (const key of keys) {
    for (const user of table.get(key) ?? []) {
      const name = user.slice(2);
      if (user.startsWith("a:")) articles.add(Number(name));
      else if (user.startsWith("p:")) pages.add(name);
      else {
        const slug = state.tables.bios.get(name)?.slug;
        if (slug) bios.add(slug);
      }
    }
  }
  return { articles, pages, bios };
}
