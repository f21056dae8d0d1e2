import { existsSync } from "node:fs";
import { SourceLoader } from "../content/load-sources.js";
import { bodyKey, startBodyRendering } from "../markdown/render-bodies.js";
import { collectGarbage, largeSite } from "../memory/collect-garbage.js";
import { selectShardBodies } from "../shard/select-bodies.js";
import { checkUrlClashes, tagMergeDiagnostics } from "../site/check-url-clashes.js";
import type { BuildRun } from "./build-run.js";
import { imageUsersOf, type SourceChanges } from "./find-changes.js";
import { indexStorySlugs } from "./index-story-slugs.js";
import type { OpenCache } from "./open-cache.js";
import { type RecordReader, recordReader } from "./record-reader.js";
import { type BodyTracking, trackBodies } from "./track-bodies.js";
import { checkDisclaimerRules, type SiteUpdate, updateSite } from "./update-site.js";

/**
 * The site after this build's changes (without the bodies to render and their users, which
 * this phase consumes), its new bodies' bookkeeping, and how to read records.
 */
export interface AppliedChanges {
  readonly site: Omit<SiteUpdate, "bodies" | "users">;
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
  // A large change (a first build of an archive) keeps only so many records in memory: every so
  // many files the records loaded go to the store's files, the state's entries to its chunk
  // files (see `BuildState.release`), and the garbage is collected, so the peak stays near what
  // the build must hold.
  const large = changedSources(changes) >= largeSite;
  let loaded = 0;
  const release = () => {
    cache.records.save();
    cache.records.release();
    state.release(cache.chunkFile);
    collectGarbage();
  };
  // A build that loads the archive renders bodies while it loads (see startBodyRendering); a
  // shard chooses its bodies from the whole site, once it is known.
  const rendering = startBodyRendering({
    options: run.markdown,
    store: cache.bodies,
    known: state.tables.bodies,
    threads: run.options.threads,
  });
  const placeAndRender = async () => {
    const site = await run.time("assemble", () =>
      updateSite({
        root,
        state,
        loader,
        scan: changes.content,
        recheck: imageUsersOf(cache.state, changes.changedImages),
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
        tick: () => {
          if (large && ++loaded % largeSite === 0) release();
        },
        body: run.shard ? undefined : rendering.add,
      }),
    );
    if (large) release();
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
      // A shard renders its own part of them (see shard/select-bodies.ts).
      rendering.finish(selectShardBodies(run, state, changes, site, records.get)),
    );
    return { site, rendered };
  };
  const { site, rendered } = await placeAndRender().finally(() => rendering.close());
  for (const [key, info] of rendered.infos) state.tables.bodies.set(key, info);
  if (large) collectGarbage();
  const bodies = trackBodies({
    root,
    state,
    users: site.users,
    rebuild: site.rebuilt,
    changedImages: changes.changedImages,
  });
  run.diagnostics.push(...bodies.notes);
  indexStorySlugs(state.tables.storySlugs, site.view.model, site.update, site.rebuilt);
  // The bodies' facts and bookkeeping of every source in a first build go to their chunk files.
  if (large) state.release(cache.chunkFile);

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
  // What the Markdown phase and the body tracking took is let go: in a first build it is a
  // line per source.
  const { bodies: _rendered, users: _tracked, ...kept } = site;
  return { site: kept, bodies, records };
}

/** How many content files changed, came or went. */
function changedSources(changes: SourceChanges): number {
  let count = 0;
  for (const scan of Object.values(changes.content)) {
    count += scan.removed.length;
    for (const file of scan.files) if (file.changed) count++;
  }
  return count;
}
