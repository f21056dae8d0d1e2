import { existsSync } from "node:fs";
import { idKey } from "../cache/lazy-table.js";
import { SourceLoader } from "../content/load-sources.js";
import { bodyKey, renderBodies } from "../markdown/render-bodies.js";
import { checkUrlClashes, tagMergeDiagnostics } from "../site/check-url-clashes.js";
import type { BuildRun } from "./build-run.js";
import type { SourceChanges } from "./find-changes.js";
import type { OpenCache } from "./open-cache.js";
import { type RecordReader, recordReader } from "./record-reader.js";
import { type BodyTracking, trackBodies } from "./track-bodies.js";
import { checkDisclaimerRules, type SiteUpdate, updateSite } from "./update-site.js";

/** The site after this build's changes, its new bodies' bookkeeping, and how to read records. */
export interface AppliedChanges {
  readonly site: SiteUpdate;
  readonly bodies: BodyTracking;
  readonly records: RecordReader;
}

/**
 * Applies what changed to the site index: validates the changed sources, places them and moves
 * the lists (see `update-site.ts`), renders the bodies that are new, and keeps what they hold
 * (messages, links, images). Reports every problem found in doing so: the sources', their
 * placement's, URL clashes (checked whole when URLs came, went or moved) and merged tags.
 */
export async function applyChanges(
  run: BuildRun,
  cache: OpenCache,
  changes: SourceChanges,
  settings: { readonly disclaimerPartials: ReadonlySet<string>; readonly replace: boolean },
): Promise<AppliedChanges> {
  const { root, config } = run;
  const { state } = cache;
  const loader = new SourceLoader(cache.records, cache.validation, {
    config,
    root,
    fileExists: existsSync,
  });
  const records = recordReader(loader);
  const site = await run.time("assemble", () =>
    updateSite({
      root,
      state,
      loader,
      scan: changes.content,
      recheck: usersOf(cache, changes.changedImages),
      changedImages: changes.changedImages,
      config,
      now: run.options.now,
      flags: run.flags,
      baseUrl: run.baseUrl,
      disclaimerPartials: settings.disclaimerPartials,
      fresh: cache.fresh,
      replace: settings.replace,
      bodyKey: (source) => bodyKey(source, run.markdown),
      record: records.get,
    }),
  );
  run.diagnostics.push(...site.diagnostics);
  run.diagnostics.push(
    ...checkDisclaimerRules(
      config,
      settings.disclaimerPartials,
      run.loaded.file,
      run.loaded.locate,
    ),
  );

  const rendered = await run.time("markdown", () =>
    renderBodies({
      sources: site.bodies,
      options: run.markdown,
      store: cache.bodies,
      known: state.tables.bodies,
      threads: run.options.threads,
    }),
  );
  for (const [key, info] of rendered.infos) state.tables.bodies.set(key, info);
  const bodies = trackBodies({
    root,
    state,
    users: site.users,
    rebuild: site.rebuilt,
    changedImages: changes.changedImages,
  });
  run.diagnostics.push(...bodies.notes);

  // Every URL has one owner: checked whole when URLs came, went or moved (a listing page that
  // appears over an alias is caught as it is written, see claim-check.ts).
  const urlsMoved =
    cache.fresh ||
    site.rebuilt ||
    site.aliases.size > 0 ||
    site.pages.changed.size > 0 ||
    [...site.update.articles.values()].some((change) => change.before?.url !== change.after?.url);
  if (urlsMoved) run.diagnostics.push(...checkUrlClashes(site.view, records.get));
  run.diagnostics.push(...tagMergeDiagnostics(site.view, records.get));
  return { site, bodies, records };
}

/** Content files to validate again because an image they show changed or went. */
function usersOf(cache: OpenCache, images: ReadonlySet<string>): Set<string> {
  const { tables } = cache.state;
  const files = new Set<string>();
  for (const image of images) {
    for (const user of tables.imageUsers.get(image) ?? []) {
      if (user.startsWith("a:")) {
        const entry = tables.articles.get(idKey(Number(user.slice(2))));
        if (entry) files.add(entry.file);
      } else files.add(user.slice(2));
    }
  }
  return files;
}
