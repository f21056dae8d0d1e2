import type { BodyInfo } from "../cache/body-info.js";
import type { LazyTable } from "../cache/lazy-table.js";
import { storyRefKey } from "../markdown/story-ref.js";

/** A source with a body, and the stories its `::related` cards named before and name now. */
export interface CardUse {
  /** `a:<id>`, `p:<file>` or `b:<file>` (see `track-bodies.ts`). */
  readonly user: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** The keys a body's `::related` cards name their stories by (see `markdown/story-ref.ts`). */
export function cardKeys(info: BodyInfo | undefined): string[] {
  const keys = new Set<string>();
  for (const directive of info?.directives ?? [])
    if (directive.story) keys.add(storyRefKey(directive.story));
  return [...keys];
}

/**
 * Keeps the state's `cards` table, the sources showing a related card by the key that names
 * its story, in step with the bodies that changed (or, with `rebuild`, makes it anew from every
 * source). A story that changes is looked up under its keys to find the pages showing its card
 * (see plan-cards.ts).
 */
export function trackCards(
  table: LazyTable<string[]>,
  uses: readonly CardUse[],
  rebuild: boolean,
): void {
  if (rebuild) for (const key of [...table.keys()]) table.set(key, undefined);
  for (const use of uses) {
    for (const key of use.before) {
      if (use.after.includes(key)) continue;
      const users = (table.get(key) ?? []).filter((user) => user !== use.user);
      table.set(key, users.length > 0 ? users : undefined);
    }
    for (const key of use.after) {
      const users = table.get(key) ?? [];
      if (!users.includes(use.user)) table.set(key, [...users, use.user].sort());
    }
  }
}
