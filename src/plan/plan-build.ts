import type { ThemeAssets } from "../outputs/theme-assets.js";
import { collectThemeAssets } from "../outputs/theme-assets.js";
import { settlePendingSearch, withoutSearchIndex } from "../search/pending-search.js";
import { forgetGoneBuckets } from "../search/search-outputs.js";
import { type Favicon, findFavicon } from "../templates/find-favicon.js";
import type { AppliedChanges } from "./apply-changes.js";
import type { BuildRun } from "./build-run.js";
import type { SourceChanges } from "./find-changes.js";
import { globalKey } from "./global-key.js";
import type { OpenCache } from "./open-cache.js";
import { changedCards } from "./plan-cards.js";
import { type OutputPlan, planChanges, planEverything } from "./plan-outputs.js";

/** What a build renders, and what every page shows. */
export interface BuildPlan extends OutputPlan {
  /** Every output renders (a first build, an untrusted output folder, a change every page shows). */
  readonly everything: boolean;
  /** The digest of what every page shows (see `global-key.ts`). */
  readonly global: string;
  readonly assets: ThemeAssets;
  readonly favicon: Favicon | undefined;
  /** Search buckets left for a later build (see `pending-search.ts`). */
  readonly searchPending: number;
}

/**
 * Decides what this build renders: every output on a first build, when the output folder is
 * not what the state recorded, after a change every page shows (config, theme assets,
 * navigation, footer, year, a tag's name), or when the index was rebuilt; otherwise only what
 * the changes reach (see `plan-outputs.ts`).
 */
export async function planBuild(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  applied: AppliedChanges,
  disclaimerPartials: ReadonlySet<string>,
): Promise<BuildPlan> {
  const { state } = cache;
  const { site, bodies } = applied;
  const assets = await run.time("outputs", () => collectThemeAssets(run.layers));
  const favicon = findFavicon(run.root, assets.urls);
  const global = globalKey({
    config: run.config,
    flags: run.flags,
    baseUrl: run.baseUrl,
    minify: run.minify,
    assets: assets.urls,
    favicon,
    view: site.view,
    disclaimerPartials,
  });
  const everything =
    cache.fresh ||
    !cache.trusted ||
    site.rebuilt ||
    state.meta?.global !== global ||
    site.update.tagNames.size > 0;
  if (everything) forgetGoneBuckets(state, site.view);
  const plan: OutputPlan = everything
    ? {
        render: planEverything(site.view, {
          hasRobots: changes.hasRobots,
          images: state.tables.imageUsers.keys(),
          publicFiles: changes.publicPaths,
          aliases: state.tables.aliases.keys(),
        }),
        stale: new Set(state.tables.outputs.keys()),
      }
    : planChanges(
        site.view,
        {
          update: site.update,
          previousNow: state.meta?.now ?? run.options.now,
          templates: changes.changedTemplates,
          pages: site.pages,
          bios: site.bios,
          publicFiles: changes.publicChanges,
          hasRobots: changes.hasRobots,
          aliases: site.aliases,
          images: bodies.images,
          droppedImages: bodies.droppedImages,
          cards: changedCards(state, site.update),
        },
        state.tables.outputs,
        state.tables.templateSets,
      );
  const search = settlePendingSearch(plan.render, state.tables.searchPending, {
    enabled: run.config.search.enabled,
    everything,
    defer: run.options.deferSearch === true,
  });
  return {
    // A check builds no search index (see withoutSearchIndex).
    render: run.dryRun ? withoutSearchIndex(search.render) : search.render,
    stale: plan.stale,
    everything,
    global,
    assets,
    favicon,
    searchPending: search.pending,
  };
}
