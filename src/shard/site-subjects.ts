import path from "node:path";
import type { BuildState } from "../cache/build-state.js";
import type { SourceChanges } from "../plan/find-changes.js";
import { planEverything } from "../plan/plan-outputs.js";
import { encodeSubject, type Subject } from "../plan/subject.js";
import { bucketArticleIds, bucketNames } from "../search/plan-buckets.js";
import { searchBucketSubject } from "../search/search-outputs.js";
import type { SiteView } from "../site/site-view.js";
import { assignSubjects } from "./assign-subjects.js";
import { mergedSubjects } from "./merged-subjects.js";
import { subjectWeight } from "./subject-weight.js";

/**
 * Every subject of the site with the name every shard gives it: a build cache numbers articles
 * in the order it first saw them, so `article:12` in one shard's cache is another article in the
 * next; the name uses the article's file instead (`article:content/articles/x.md`), and an
 * image's path relative to the site root.
 */
export interface SiteSubjects {
  /** Every subject of the plan, by its encoded form in this build's cache. */
  readonly subjects: ReadonlyMap<string, Subject>;
  /** The name of an encoded subject that is the same on every machine. */
  stableKey(encoded: string): string;
  /** The file of an article id of this build's cache. */
  articleFile(id: number): string | undefined;
}

/** What listing the site's subjects needs: the model after this build's changes, and the scan. */
export interface SubjectsInput {
  readonly root: string;
  readonly view: SiteView;
  readonly state: BuildState;
  readonly changes: SourceChanges;
}

/**
 * The subjects of the whole site (`planEverything`) with stable names. `images` are the image
 * sources pages show; before the bodies are rendered they are not all known, and the primary
 * assignment is made without them (see `assign-images.ts`).
 */
export function siteSubjects(input: SubjectsInput, images: Iterable<string>): SiteSubjects {
  const { view, state, changes, root } = input;
  const subjects = planEverything(view, {
    hasRobots: changes.hasRobots,
    images,
    publicFiles: changes.publicPaths,
    aliases: state.tables.aliases.keys(),
  });
  const files = new Map<number, string>();
  for (const scanned of changes.content.articles.files) {
    const id = view.model.idOf(scanned.file);
    if (id !== undefined) files.set(id, scanned.file);
  }
  return {
    subjects,
    articleFile: (id) => files.get(id),
    stableKey(encoded) {
      const subject = subjects.get(encoded);
      if (subject?.kind === "article") return `article:${files.get(subject.id) ?? subject.id}`;
      if (subject?.kind === "image") return `image:${relativeName(root, subject.file)}`;
      return encoded;
    },
  };
}

/**
 * The primary assignment: every subject but images (and those the merge makes), by stable name,
 * to a shard of `count`, weighed by `subject-weight.ts`. Sizes come from the content ids of the
 * scan, which end in the file's size. With site search on, a bucket's articles (a day's or a
 * month's) go with the bucket, whose index is made from their rendered bodies: the shard that
 * renders their pages has them, and no body is rendered twice.
 */
export function assignPrimary(
  input: SubjectsInput,
  site: SiteSubjects,
  count: number,
): Map<string, number> {
  const { changes, view } = input;
  const sizes = new Map<string, number>();
  for (const scan of [changes.content.articles, changes.content.pages])
    for (const file of scan.files) sizes.set(file.file, sizeOfId(file.id));
  for (const file of changes.publicFiles.files) sizes.set(`public/${file.file}`, sizeOfId(file.id));
  const facts = {
    articleSize: (id: number) => sizes.get(site.articleFile(id) ?? "") ?? 0,
    pageSize: (file: string) => sizes.get(file) ?? 0,
    publicSize: (file: string) => sizes.get(`public/${file}`) ?? 0,
    subjects: site.subjects.size,
    aliases: input.state.tables.aliases.size,
    feedItems: view.config.feeds.items,
    fullTextFeeds: view.config.feeds.content === "full",
  };
  const search = searchUnits(view);
  const units = new Map<string, number>();
  const keyOf = (encoded: string, subject: Subject) =>
    (subject.kind === "article" ? search.bucketOf.get(subject.id) : undefined) ??
    site.stableKey(encoded);
  for (const [encoded, subject] of site.subjects) {
    if (subject.kind === "image" || mergedSubjects.has(encoded)) continue;
    const key = keyOf(encoded, subject);
    // Indexing a bucket costs about 0.3 ms an article.
    const weight = subjectWeight(subject, facts) + (search.sizes.get(encoded) ?? 0) * 300;
    units.set(key, (units.get(key) ?? 0) + weight);
  }
  const byKey = assignSubjects(
    [...units].map(([key, weight]) => ({ key, weight })),
    count,
  );
  const owners = new Map<string, number>();
  for (const [encoded, subject] of site.subjects)
    if (subject.kind !== "image" && !mergedSubjects.has(encoded))
      owners.set(encoded, byKey.get(keyOf(encoded, subject)) ?? 1);
  return owners;
}

/** Site search's buckets as units of the assignment. */
interface SearchUnits {
  /** The bucket (`extra:search-bucket:2026-11`) each indexed article belongs to, by id. */
  readonly bucketOf: ReadonlyMap<number, string>;
  /** How many articles each bucket indexes, by encoded bucket subject. */
  readonly sizes: ReadonlyMap<string, number>;
}

/** The buckets of site search and their articles (none with search off). */
function searchUnits(view: SiteView): SearchUnits {
  const bucketOf = new Map<number, string>();
  const sizes = new Map<string, number>();
  if (view.config.search.enabled) {
    for (const name of bucketNames(view)) {
      if (name === "") continue;
      const bucket = encodeSubject(searchBucketSubject(name));
      const ids = bucketArticleIds(view, name);
      for (const id of ids) bucketOf.set(id, bucket);
      sizes.set(bucket, ids.length);
    }
  }
  return { bucketOf, sizes };
}
/** A content id (`<sha1>:<size>`, see `cache/content-id.ts`) gives the file's size. */
function sizeOfId(id: string): number {
  const size = Number(id.slice(id.lastIndexOf(":") + 1));
  return Number.isFinite(size) ? size : 0;
}

/** A file's path relative to the site root with forward slashes (absolute when outside it). */
export function relativeName(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative)
    ? file
    : relative.split(path.sep).join("/");
}

/** The encoded subject of an article id (a shorthand the shard modules share). */
export function articleSubject(id: number): string {
  return encodeSubject({ kind: "article", id });
}
