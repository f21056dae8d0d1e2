import type { Article, Visibility } from "./model.js";

/** Which hidden articles a build includes anyway, for previews. */
export interface PreviewFlags {
  readonly drafts: boolean;
  readonly future: boolean;
}

/**
 * The one visibility decision for an article at build time `now` (contract section 3): a draft,
 * an article dated after `now`, or one whose `expires` is at or before `now` is not published.
 */
export function decideVisibility(
  article: Pick<Article, "draft" | "date" | "expires">,
  now: number,
): Visibility {
  if (article.draft) return "draft";
  if (article.date > now) return "scheduled";
  if (article.expires !== undefined && article.expires <= now) return "expired";
  return "published";
}

/** Whether an article with this visibility appears in the output of this build. */
export function isIncluded(visibility: Visibility, flags: PreviewFlags): boolean {
  switch (visibility) {
    case "published":
      return true;
    case "draft":
      return flags.drafts;
    case "scheduled":
      return flags.future;
    case "expired":
      return false;
  }
}
