import { suggestClosest } from "../errors/suggest-closest.js";
import { type StoryRef, urlSlug } from "../markdown/story-ref.js";
import { decideVisibility } from "./decide-visibility.js";
import type { SiteView } from "./site-view.js";
import { formatIsoInZone } from "./time.js";

/** The articles in the build by slug (the build state's `storySlugs` table). */
export interface StorySlugs {
  get(slug: string): readonly number[] | undefined;
  keys(): Iterable<string>;
}

/** The story a reference names, or why it names none the build may show. */
export type FoundStory =
  | { readonly id: number }
  | { readonly problem: string; readonly hint: string };

const unpublishedHint =
  "a related card may only name a published story: wait until it is published, or name another";

/**
 * Finds the story a `::related` card names among the articles in this build: published ones,
 * and in previews (`--drafts`, `--future`) the hidden ones they include. A slug that two
 * stories share is ambiguous, and a draft, embargoed or expired story is never named, so a
 * card can neither pick a story by chance nor leak one.
 */
export function findStory(view: SiteView, slugs: StorySlugs, ref: StoryRef): FoundStory {
  const model = view.model;
  if (ref.by === "file") {
    const file = `content/articles/${ref.value}.md`;
    const id = model.idOf(file);
    const entry = id === undefined ? undefined : model.entry(id);
    if (id === undefined || !entry)
      return {
        problem: `there is no story ${file}`,
        hint: "name its file under content/articles/, without .md: 2026/11/hospital-ransomware",
      };
    if (!model.included(entry)) {
      const visibility = decideVisibility(entry, view.now);
      const state =
        visibility === "draft"
          ? "is a draft"
          : visibility === "scheduled"
            ? `is embargoed until ${formatIsoInZone(entry.date, view.config.site.timezone)}`
            : "has expired";
      return { problem: `${file} ${state}`, hint: unpublishedHint };
    }
    return { id };
  }
  if (ref.by === "url" && ref.host && !siteHosts(view).has(ref.host))
    return {
      problem: `${ref.host} is not this site's address`,
      hint: "a related card names a story of this site; link to other sites in the text",
    };
  const slug = ref.by === "url" ? urlSlug(ref.value) : ref.value;
  const ids = (slugs.get(slug) ?? []).filter((id) => {
    const entry = model.entry(id);
    return model.included(entry) && (ref.by !== "url" || entry.url === ref.value);
  });
  if (ids.length === 1) return { id: ids[0] as number };
  if (ids.length > 1) {
    const files = ids.map((id) => model.entry(id)?.file ?? "").sort();
    return {
      problem: `${ids.length} stories have this slug (${files.join(", ")})`,
      hint: `name one by its file, e.g. story="${files[0]?.replace(/^content\/articles\//, "").replace(/\.md$/, "")}"`,
    };
  }
  const closest = ref.by === "slug" ? suggestClosest(slug, slugs.keys()) : undefined;
  return {
    problem: `no published story has this ${ref.by === "url" ? "URL" : "slug"}`,
    hint: closest
      ? `did you mean "${closest}"?`
      : "check the name; a draft, embargoed or expired story cannot be named until it is published",
  };
}

/** The hosts this site is served from: its `site.url`, and `--base-url` when given. */
function siteHosts(view: SiteView): Set<string> {
  const hosts = new Set<string>();
  for (const url of [view.config.site.url, view.baseUrl]) {
    try {
      hosts.add(new URL(url).host.toLowerCase());
    } catch {
      // Not an absolute URL: names no host.
    }
  }
  return hosts;
}
