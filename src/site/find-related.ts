import type { SiteArticle } from "./model.js";

/** How far down each tag's list (from the article, towards older stories) candidates are read. */
const candidatesPerTag = 40;

/**
 * Related stories for every article: earlier published stories that share the most tags, then
 * stories from the same section; newest first among equals; never the article itself.
 *
 * Only earlier stories are candidates, so publishing a new story never changes an archived
 * page: a breaking story re-renders the listings it appears in, not thousands of old articles.
 * Candidates come from a bounded window per tag, so this stays linear in the archive's size.
 *
 * @param articles published articles, newest first
 */
export function findRelated(
  articles: readonly SiteArticle[],
  count: number,
): Map<string, SiteArticle[]> {
  const related = new Map<string, SiteArticle[]>();
  if (count === 0) return related;
  const order = new Map(articles.map((article, index) => [article, index]));
  const byKey = new Map<string, SiteArticle[]>();
  for (const article of articles) {
    for (const key of [...article.tagRefs.map((t) => `t:${t.slug}`), `s:${article.section}`]) {
      const list = byKey.get(key);
      if (list) list.push(article);
      else byKey.set(key, [article]);
    }
  }
  const positions = new Map<string, Map<SiteArticle, number>>();
  const positionIn = (key: string, article: SiteArticle): number => {
    let map = positions.get(key);
    if (!map) {
      map = new Map((byKey.get(key) ?? []).map((a, i) => [a, i]));
      positions.set(key, map);
    }
    return map.get(article) ?? -1;
  };

  for (const article of articles) {
    const shared = new Map<SiteArticle, number>();
    for (const tag of article.tagRefs) {
      const key = `t:${tag.slug}`;
      const list = byKey.get(key) ?? [];
      const start = positionIn(key, article) + 1;
      for (const candidate of list.slice(start, start + candidatesPerTag)) {
        shared.set(candidate, (shared.get(candidate) ?? 0) + 1);
      }
    }
    const ranked = [...shared]
      .sort((a, b) => b[1] - a[1] || (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
      .map(([candidate]) => candidate)
      .slice(0, count);
    if (ranked.length < count) {
      const key = `s:${article.section}`;
      const list = byKey.get(key) ?? [];
      // Walk by index: copying the rest of a large section for every article is quadratic.
      for (let i = positionIn(key, article) + 1; i < list.length && ranked.length < count; i++) {
        const candidate = list[i];
        if (candidate && !ranked.includes(candidate)) ranked.push(candidate);
      }
    }
    related.set(article.url, ranked);
  }
  return related;
}
