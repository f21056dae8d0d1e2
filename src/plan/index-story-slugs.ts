import type { LazyTable } from "../cache/lazy-table.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { ModelUpdate, SiteModel } from "../site/site-model.js";

/**
 * Keeps the state's `storySlugs` table (article ids in the build by slug, for `::related`
 * cards, see site/find-story.ts) in step with the model: from the articles that came, went or
 * changed, or from every article when the model was rebuilt.
 */
export function indexStorySlugs(
  table: LazyTable<number[]>,
  model: SiteModel,
  update: ModelUpdate,
  rebuilt: boolean,
): void {
  const edit = (slug: string, id: number, add: boolean) => {
    const ids = (table.get(slug) ?? []).filter((other) => other !== id);
    if (add) ids.push(id);
    table.set(slug, ids.length > 0 ? ids.sort((a, b) => a - b) : undefined);
  };
  if (rebuilt) {
    const bySlug = new Map<string, number[]>();
    for (const id of model.list("all")) {
      const slug = (model.entry(id) as ArticleEntry).slug;
      bySlug.set(slug, [...(bySlug.get(slug) ?? []), id]);
    }
    for (const slug of [...table.keys()]) if (!bySlug.has(slug)) table.set(slug, undefined);
    for (const [slug, ids] of bySlug)
      table.set(
        slug,
        ids.sort((a, b) => a - b),
      );
    return;
  }
  for (const change of update.articles.values()) {
    if (change.before?.slug === change.after?.slug) continue;
    if (change.before) edit(change.before.slug, change.id, false);
    if (change.after) edit(change.after.slug, change.id, true);
  }
}
