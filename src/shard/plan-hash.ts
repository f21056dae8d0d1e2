import { createHash } from "node:crypto";
import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import { engineVersion } from "../cache/engine-version.js";
import { hashKey } from "../cache/hash.js";
import { compareText } from "../errors/diagnostic.js";
import type { SourceChanges } from "../plan/find-changes.js";
import { identifyFile } from "../plan/scan-sources.js";
import { relativeName, type SiteSubjects } from "./site-subjects.js";

/**
 * The digest of everything that decides a sharded build's plan, in three parts, so that a merge
 * can say which one two shards disagree on. Shards of one build have equal digests; a shard
 * built from another commit, at another `--now`, with other options or another engine does not.
 */
export interface PlanHash {
  /** Of all three parts: what shard manifests compare. */
  readonly plan: string;
  /** The engine, the build time, and what every page shows (config, flags, base URL, theme). */
  readonly settings: string;
  /** Every source file's content id: content, templates, `public/`, and the images pages show. */
  readonly sources: string;
  /** Every subject of the site by stable name, with its shard, and the number of shards. */
  readonly assignment: string;
}

/** What the plan's digest is made from. */
export interface PlanHashInput {
  readonly root: string;
  readonly now: number;
  /** The digest of what every page shows (`plan/global-key.ts`). */
  readonly global: string;
  readonly state: BuildState;
  readonly changes: SourceChanges;
  readonly site: SiteSubjects;
  /** Every subject's shard, by encoded subject. */
  readonly owners: ReadonlyMap<string, number>;
  readonly count: number;
}

/** Digests the plan (see {@link PlanHash}). */
export function hashPlan(input: PlanHashInput): PlanHash {
  const settings = hashKey("settings", engineVersion, input.global, input.now);
  const sources = hashSources(input);
  const assignment = createHash("sha256").update(`shards ${input.count}\n`);
  const lines: string[] = [];
  for (const [encoded, shard] of input.owners)
    lines.push(`${input.site.stableKey(encoded)}\t${shard}\n`);
  lines.sort(compareText);
  for (let i = 0; i < lines.length; i += 4096) assignment.update(lines.slice(i, i + 4096).join(""));
  const parts = { settings, sources, assignment: assignment.digest("hex") };
  return { plan: hashKey("plan", parts.settings, parts.sources, parts.assignment), ...parts };
}

/**
 * Every source's content id, from the scan (which identifies each file without reading it when
 * its metadata or git's index vouches for it), and the images pages show, which the scan of
 * `content/` does not list: identified the same way here.
 */
function hashSources(input: PlanHashInput): string {
  const { changes, state, root } = input;
  const hash = createHash("sha256");
  const put = (name: string, id: string) => hash.update(`${name}\t${id}\n`);
  for (const scan of [changes.content.articles, changes.content.authors, changes.content.pages])
    for (const file of scan.files) put(file.file, file.id);
  for (const template of changes.templates) put(`template:${template.name}`, template.id);
  for (const file of changes.publicFiles.files) put(`public/${file.file}`, file.id);
  const context = { root, records: state.tables.files, realNow: Date.now() };
  const images: [string, string][] = [];
  for (const subject of input.site.subjects.values()) {
    if (subject.kind !== "image") continue;
    const name = relativeName(root, subject.file);
    const known = changes.images.get(subject.file);
    const id =
      known?.id ?? (path.isAbsolute(name) ? undefined : identifyFile(context, name)?.id) ?? "none";
    images.push([`image:${name}`, id]);
  }
  images.sort((a, b) => compareText(a[0], b[0]));
  for (const [name, id] of images) put(name, id);
  return hash.digest("hex");
}
