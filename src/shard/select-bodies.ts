import { readFileSync } from "node:fs";
import type { BuildState } from "../cache/build-state.js";
import type { BodySourceRef } from "../markdown/render-bodies.js";
import { feedItemIds } from "../outputs/feeds.js";
import type { BuildRun } from "../plan/build-run.js";
import type { SourceChanges } from "../plan/find-changes.js";
import type { SiteUpdate } from "../plan/update-site.js";
import type { ArticleEntry } from "../site/article-entry.js";
import type { Article } from "../site/model.js";
import { mayShowImages } from "./may-show-images.js";
import { articleSubject, assignPrimary, siteSubjects } from "./site-subjects.js";
import { subjectsWithOutputs } from "./subjects-with-outputs.js";

/** A body the Markdown phase renders. */
type BodyToRender = BodySourceRef & { readonly key: string };

/**
 * The bodies a shard renders, of those the build would render (`site.bodies`) and those its own
 * pages lack: its own articles' (and those that moved to it since its last build), the items of
 * the full-text site feeds when it makes them, every static page's and author bio's (few, and
 * shown by listings and footers), and every other article's whose body may show an image. That
 * last rule is what makes every shard know every image the site publishes, and so make the same
 * plan: a body with no `![` and no `<img` shows none, and is left to its own shard. Makes the
 * primary assignment on the way (kept on `run.shard`).
 */
export function selectShardBodies(
  run: BuildRun,
  state: BuildState,
  changes: SourceChanges,
  site: SiteUpdate,
  record: (entry: ArticleEntry) => Article,
): readonly BodyToRender[] {
  const shard = run.shard;
  if (!shard) return site.bodies;
  const input = { root: run.root, view: site.view, state, changes };
  const owners = assignPrimary(input, siteSubjects(input, []), shard.spec.count);
  shard.primary = { view: site.view, owners };
  const own = (encoded: string) => owners.get(encoded) === shard.spec.index;
  const model = site.view.model;

  const bodies: BodyToRender[] = [];
  const queued = new Set<string>();
  for (const body of site.bodies) {
    const id = body.file.startsWith("content/articles/") ? model.idOf(body.file) : undefined;
    const keep =
      id === undefined ||
      own(articleSubject(id)) ||
      mayShowImages(readFileSync(body.absPath, "latin1"));
    if (keep && !queued.has(body.key)) {
      queued.add(body.key);
      bodies.push(body);
    }
  }
  const need = (id: number) => {
    const entry = model.entry(id);
    if (!entry || queued.has(entry.bodyKey) || state.tables.bodies.has(entry.bodyKey)) return;
    let source: Article;
    try {
      source = record(entry);
    } catch {
      return; // a record the cache lost: the page renders its body when it needs it
    }
    queued.add(entry.bodyKey);
    bodies.push({ ...source, key: entry.bodyKey });
  };
  const made = subjectsWithOutputs(state);
  for (const [encoded, owner] of owners) {
    if (owner !== shard.spec.index || made.has(encoded)) continue;
    const id = encoded.startsWith("article:") ? Number(encoded.slice(8)) : undefined;
    if (id !== undefined) need(id);
  }
  if (own("siteFeeds") && site.view.config.feeds.content === "full")
    for (const id of feedItemIds(site.view, "all")) need(id);
  return bodies;
}
