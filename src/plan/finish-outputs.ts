import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BuildState, OutputRecord } from "../cache/build-state.js";
import { hashBytes } from "../cache/hash.js";
import { idKey } from "../cache/lazy-table.js";
import type { ResolvedConfig } from "../config/config-schema.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { BodyLink } from "../markdown/rehype-collect-links.js";
import { renderHeaders, rulesKeptBy } from "../outputs/headers.js";
import { manifestFromOutputs, manifestPath, patchManifest } from "../outputs/manifest-file.js";
import { bucketFolder, searchFolder } from "../search/plan-buckets.js";
import { bucketOfSubject } from "../search/search-outputs.js";
import { urlToOutputPath } from "../site/check-url-path.js";
import type { OutputFile } from "../write/output-file.js";
import type { OutputWriter, WrittenFile } from "../write/output-writer.js";
import type { ProducedFiles } from "./produce-outputs.js";
import { decodeSubject } from "./subject.js";

/** What finishing a build needs. */
export interface FinishInput {
  readonly root: string;
  readonly config: ResolvedConfig;
  readonly baseUrl: string;
  readonly state: BuildState;
  readonly writer: OutputWriter;
  readonly produced: ProducedFiles;
  /** Paths no longer produced, unless written again now. */
  readonly stale: ReadonlySet<string>;
  /** The subjects rendered in this build (encoded), whether or not they made files. */
  readonly subjects: ReadonlySet<string>;
  /** Every path of `public/` (relative to it). */
  readonly publicPaths: ReadonlySet<string>;
  /** Write `_headers` even if no path came or went (the config or `public/_headers` changed). */
  readonly headers: boolean;
  /** Bodies whose internal links changed: their links before and after. */
  readonly linkSources: readonly LinkSource[];
  /**
   * The previous build's manifest, when it is the one the state describes and the manifest may
   * be patched from it (no change to `public/` or the config): only changed entries are made.
   */
  readonly previousManifest?: string | undefined;
  /**
   * The previous build's `_headers`, when it is the one the state describes and what the rules
   * are made from changed only by the paths that came or went (see {@link headersKept}).
   */
  readonly previousHeaders?: string | undefined;
  /** One shard's part of a sharded build (`newsdeck build --shard`); see {@link PartialOutputs}. */
  readonly partial?: PartialOutputs | undefined;
  /**
   * Collects garbage (a large build): before the records of every written file are made, and
   * before the manifest, whose text lists them all; the rendering's garbage would otherwise
   * raise the build's peak memory.
   */
  readonly collect?: (() => void) | undefined;
}

/**
 * The outputs of one shard of a sharded build: `_headers` is the merge's to write (it needs
 * every path), and a link may point to a page another shard makes, so links are checked
 * against the whole site's paths and again whenever any of them came or went.
 */
export interface PartialOutputs {
  /** Whether some shard of the build makes an output path. */
  exists(outputPath: string): boolean;
  /** Output paths of the whole site that came or went in this build, or "all". */
  readonly changed: readonly string[] | "all";
}

/** What a finished build wrote and removed. */
export interface FinishedOutputs {
  /** Paths written with new bytes, and their hash and size. */
  readonly changed: ReadonlyMap<string, WrittenFile>;
  /** Which of them are new. */
  readonly added: ReadonlySet<string>;
  readonly removed: readonly string[];
  /** Link warnings (replayed every build from the state's notes). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Ends a build's output: removes what is no longer produced, records every written file in
 * the state's outputs table (with what it shows and the templates it used), checks internal
 * links where targets came or went or bodies changed, and writes `_headers` when paths came or
 * went and the deploy manifest when anything changed: both from the outputs table, so a build
 * that rendered one page writes them without listing the output folder.
 */
export async function finishOutputs(input: FinishInput): Promise<FinishedOutputs> {
  const { state, writer, produced } = input;
  const outputs = state.tables.outputs;
  const removed: string[] = [];
  for (const outputPath of input.stale) {
    if (produced.has(outputPath) || !outputs.has(outputPath)) continue;
    writer.remove(outputPath);
    removed.push(outputPath);
  }
  // A subject written again may now make other files than before (sitemap parts, theme assets
  // and image variants under new names, a search bucket's chunks): its old ones go.
  const rendered = input.subjects;
  const gone = new Set(removed);
  for (const prefix of staleFilePrefixes(rendered)) {
    // Every path that starts with the prefix comes after it (`pagefind/2026-11-24/` comes
    // before `pagefind/2026-11/`, so the prefix less its slash would stop at the day's folder).
    for (const [outputPath, record] of outputs.entriesAfter(prefix)) {
      if (!outputPath.startsWith(prefix)) break;
      if (rendered.has(record.subject) && !produced.has(outputPath) && !gone.has(outputPath)) {
        writer.remove(outputPath);
        removed.push(outputPath);
        gone.add(outputPath);
      }
    }
  }

  input.collect?.();
  const written = await writer.writtenFiles();
  const changed = new Map<string, WrittenFile>();
  const added = new Set<string>();
  let pathsChanged = removed.length > 0;
  const sets = templateSetIds(state);
  for (const [outputPath, { subject, templates }] of produced) {
    const file = written.get(outputPath) as WrittenFile;
    const before = outputs.get(outputPath);
    if (!before) {
      pathsChanged = true;
      added.add(outputPath);
    }
    if (!before || before.hash !== file.hash) changed.set(outputPath, file);
    const record: OutputRecord = {
      hash: file.hash,
      size: file.size,
      subject,
      templates: sets(templates),
    };
    if (!before || !sameRecord(before, record)) outputs.set(outputPath, record);
  }
  for (const outputPath of removed) outputs.set(outputPath, undefined);

  const diagnostics = checkLinks(input, changed, removed);

  if ((pathsChanged || input.headers) && !input.partial && !headersKept(input, added, removed)) {
    const siteFile = path.join(input.root, "public", "_headers");
    const paths: string[] = [];
    for (const outputPath of outputs.keys())
      if (outputPath !== "_headers" && outputPath !== manifestPath) paths.push(outputPath);
    const rendered = renderHeaders({
      config: input.config,
      paths,
      publicPaths: input.publicPaths,
      siteHeaders: existsSync(siteFile)
        ? { text: readFileSync(siteFile, "utf8"), file: "public/_headers" }
        : undefined,
    });
    state.tables.notes.set(
      "public/_headers",
      rendered.diagnostics.length > 0 ? [...rendered.diagnostics] : undefined,
    );
    await record(input, rendered.file, "headers", changed, added);
  }
  for (const diagnostic of state.tables.notes.get("public/_headers") ?? [])
    diagnostics.push(diagnostic);

  if (changed.size > 0 || removed.length > 0 || !outputs.has(manifestPath)) {
    input.collect?.();
    const patched =
      input.previousManifest &&
      patchPrevious(input, input.previousManifest, changed, added, removed);
    if (patched !== undefined) {
      await record(input, { path: manifestPath, data: patched }, "manifest", changed, added);
      return { changed, added, removed, diagnostics };
    }
    const all = function* () {
      for (const line of outputs.lines()) {
        const fields = line.split("\t", 3);
        yield [
          fields[0] as string,
          { hash: fields[1] as string, size: Number(fields[2]) },
        ] as const;
      }
    };
    await record(
      input,
      manifestFromOutputs({
        outputs: all(),
        baseUrl: input.baseUrl,
        publicPaths: input.publicPaths,
        config: input.config,
      }),
      "manifest",
      changed,
      added,
    );
  }
  return { changed, added, removed, diagnostics };
}

/**
 * Whether `_headers` stays as the previous build wrote it although paths came or went: the site
 * has no `public/_headers` of its own (whose rules are checked against every URL), the file is
 * the one the state describes, and its rules are kept by those paths (see `rulesKeptBy`).
 */
function headersKept(
  input: FinishInput,
  added: ReadonlySet<string>,
  removed: readonly string[],
): boolean {
  if (input.headers || !input.previousHeaders) return false;
  if (existsSync(path.join(input.root, "public", "_headers"))) return false;
  const record = input.state.tables.outputs.get("_headers");
  if (!record) return false;
  let previous: string;
  try {
    previous = readFileSync(input.previousHeaders, "utf8");
  } catch {
    return false;
  }
  return (
    hashBytes(previous) === record.hash && rulesKeptBy(previous, added, removed, input.publicPaths)
  );
}

/**
 * Where the files of subjects that make files under names of their own may be: sitemap parts,
 * theme assets, image variants, and the search index. A month's or a day's bucket keeps its
 * files in its own folder (`pagefind/2026-11/`), so an edit that re-indexes one bucket looks
 * there, not through every bucket's files (one a story); the pages' bucket has the folder's
 * own files, so with it the whole folder is looked through.
 */
function staleFilePrefixes(rendered: ReadonlySet<string>): string[] {
  const prefixes = ["sitemap", "assets/", "images/"];
  const buckets: string[] = [];
  for (const key of rendered) {
    const subject = decodeSubject(key);
    const name = subject && bucketOfSubject(subject);
    if (name === "") return [...prefixes, `${searchFolder}/`];
    if (name !== undefined) buckets.push(`${bucketFolder(name)}/`);
  }
  return [...prefixes, ...buckets.sort()];
}

/**
 * The manifest patched from the previous build's (see {@link patchManifest}), or undefined when
 * that one cannot be read or patched.
 */
function patchPrevious(
  input: FinishInput,
  file: string,
  changed: ReadonlyMap<string, WrittenFile>,
  added: ReadonlySet<string>,
  removed: readonly string[],
): string | undefined {
  const outputs = input.state.tables.outputs;
  let previous: string;
  try {
    previous = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const changes = new Map<string, WrittenFile | undefined>(changed);
  for (const outputPath of removed) changes.set(outputPath, undefined);
  return patchManifest({
    previous,
    changes,
    added,
    nextKept: (outputPath) => {
      for (const next of outputs.keysAfter(outputPath))
        if (!added.has(next) && next !== manifestPath) return next;
      return undefined;
    },
    publicPaths: input.publicPaths,
    baseUrl: input.baseUrl,
    config: input.config,
  });
}

/** Writes one site-wide file and records it. */
async function record(
  input: FinishInput,
  file: OutputFile,
  subject: string,
  changed: Map<string, WrittenFile>,
  added: Set<string>,
): Promise<void> {
  const outputs = input.state.tables.outputs;
  await input.writer.write(file);
  const written = (await input.writer.writtenFiles()).get(file.path) as WrittenFile;
  const before = outputs.get(file.path);
  if (!before) added.add(file.path);
  if (!before || before.hash !== written.hash) changed.set(file.path, written);
  outputs.set(file.path, { hash: written.hash, size: written.size, subject, templates: -1 });
}

function sameRecord(a: OutputRecord, b: OutputRecord): boolean {
  return (
    a.hash === b.hash && a.size === b.size && a.subject === b.subject && a.templates === b.templates
  );
}

/** Interns template lists: each distinct list is one row of the `templateSets` table. */
function templateSetIds(state: BuildState): (templates: readonly string[]) => number {
  const table = state.tables.templateSets;
  const known = new Map<string, number>();
  let next = 0;
  for (const [key, names] of table.entries()) {
    const id = Number.parseInt(key, 36);
    known.set(names.join("\n"), id);
    next = Math.max(next, id + 1);
  }
  return (templates) => {
    if (templates.length === 0) return -1;
    const joined = templates.join("\n");
    let id = known.get(joined);
    if (id === undefined) {
      id = next++;
      known.set(joined, id);
      table.set(idKey(id), [...templates]);
    }
    return id;
  };
}

/** A body's internal links before and after this build (empty when not in the build). */
export interface LinkSource {
  readonly file: string;
  readonly before: readonly BodyLink[];
  readonly after: readonly BodyLink[];
}

/** Where a link lands: the output path it names (`/a/b/` is `a/b/index.html`). */
function targetOf(url: string): string {
  let decoded: string;
  try {
    decoded = decodeURI(url);
  } catch {
    decoded = url;
  }
  return urlToOutputPath(decoded);
}

/**
 * Warns about body links to internal URLs that no output answers (`/x/` needs
 * `x/index.html`; `/feed.xml` needs `feed.xml`). The state keeps every link by its target, so
 * only the links of changed bodies and the links to paths that came or went are checked; the
 * warnings are kept per file and target and reported by every build.
 */
function checkLinks(
  input: FinishInput,
  changed: ReadonlyMap<string, WrittenFile>,
  removed: readonly string[],
): Diagnostic[] {
  const { state } = input;
  const links = state.tables.links;
  const notes = state.tables.notes;
  const pairs = new Map<string, { file: string; target: string }>();
  const pair = (file: string, target: string) => pairs.set(`${file}\t${target}`, { file, target });
  for (const source of input.linkSources) {
    for (const link of source.before) {
      const target = targetOf(link.url);
      const kept = (links.get(target) ?? []).filter((found) => found.file !== source.file);
      links.set(target, kept.length > 0 ? kept : undefined);
      pair(source.file, target);
    }
    for (const link of source.after) {
      const target = targetOf(link.url);
      const found = links.get(target) ?? [];
      links.set(target, [
        ...found,
        { file: source.file, url: link.url, line: link.line, column: link.column },
      ]);
      pair(source.file, target);
    }
  }
  // The links to paths that came, went or changed (here, or in another shard) are checked again.
  const partial = input.partial;
  const gone = new Set(removed);
  const came = partial?.changed === "all" ? undefined : new Set(partial?.changed);
  const reached = (outputPath: string) =>
    changed.has(outputPath) || gone.has(outputPath) || came === undefined || came.has(outputPath);
  if (changed.size + gone.size + (came?.size ?? Number.POSITIVE_INFINITY) > links.size) {
    // Most paths (a first build): the targets that have links are fewer, so those are walked,
    // and a path no link names is never looked up.
    for (const target of links.keys())
      if (reached(target) || reached(`${target}/index.html`))
        for (const found of links.get(target) ?? []) pair(found.file, target);
  } else {
    for (const outputPath of [...changed.keys(), ...gone, ...(came ?? [])]) {
      const targets = [outputPath];
      if (outputPath.endsWith("/index.html"))
        targets.push(outputPath.slice(0, -"/index.html".length));
      for (const target of targets)
        for (const found of links.get(target) ?? []) pair(found.file, target);
    }
  }
  const exists = (outputPath: string) =>
    state.tables.outputs.has(outputPath) || partial?.exists(outputPath) === true;
  for (const { file, target } of pairs.values()) {
    const broken: Diagnostic[] = [];
    if (target !== "" && !exists(target) && !exists(`${target}/index.html`)) {
      for (const link of links.get(target) ?? []) {
        if (link.file !== file) continue;
        broken.push(
          createDiagnostic("LinkBroken", `link to ${link.url} points to no page of this site`, {
            file,
            line: link.line,
            column: link.column,
            phase: "outputs",
            hint: "check the URL; an unpublished (draft, future or expired) article has no page",
          }),
        );
      }
    }
    notes.set(`links:${file}\t${target}`, broken.length > 0 ? broken : undefined);
  }
  const diagnostics: Diagnostic[] = [];
  for (const key of notes.keysAfter("links:")) {
    if (!key.startsWith("links:")) break;
    diagnostics.push(...(notes.get(key) ?? []));
  }
  return diagnostics;
}
