import type { Subject } from "../plan/subject.js";

/** What weighing the subjects of a site needs to know about it. */
export interface WeightFacts {
  /** The size in bytes of an article's file. */
  articleSize(id: number): number;
  /** The size in bytes of a static page's file (`content/pages/x.md`). */
  pageSize(file: string): number;
  /** The size in bytes of a file of `public/` (`images/logo.png`). */
  publicSize(file: string): number;
  /** The subjects of the whole plan (the sitemap lists most of them). */
  readonly subjects: number;
  /** Old URLs that redirect (`_redirects` lists them). */
  readonly aliases: number;
  /** Items a feed carries at most. */
  readonly feedItems: number;
  /** Whether the site-wide feeds carry whole bodies. */
  readonly fullTextFeeds: boolean;
}

/**
 * Rough work units (about a microsecond of this machine each) of rendering a subject: a page is
 * a template render (about 2.3 ms), an article or static page also its Markdown body (about a
 * microsecond a byte), feeds their items. Only the ratios matter, and only roughly: shards are cut
 * by these weights and the hash order mixes kinds, so errors even out over many subjects.
 * Sizes are rounded to four steps an octave, so that a small edit seldom changes a weight and
 * so seldom moves a subject to another shard.
 */
export function subjectWeight(subject: Subject, facts: WeightFacts): number {
  const page = 2300;
  switch (subject.kind) {
    case "article":
      return page + roundSize(facts.articleSize(subject.id));
    case "page":
      return page + roundSize(facts.pageSize(subject.file));
    case "listing":
      return page;
    case "home":
      return 2 * page;
    case "notFound":
      return page / 2;
    case "alias":
      return 300;
    case "redirects":
      return 200 + 2 * facts.aliases;
    case "siteFeeds":
      // Full-text items need their bodies, which are another shard's to render as a rule.
      return facts.feedItems * (facts.fullTextFeeds ? 6000 : 600);
    case "termFeed":
      return facts.feedItems * 150;
    case "sitemap":
      return 5 * facts.subjects;
    case "newsSitemap":
      return 3000;
    case "assets":
      return 2000;
    case "public":
      return 200 + Math.floor(roundSize(facts.publicSize(subject.file)) / 64);
    default:
      return 100;
  }
}

/**
 * A byte count rounded to its top three bits (4, 5, 6 or 7 times a power of two): integer
 * arithmetic, so every machine rounds alike.
 */
export function roundSize(bytes: number): number {
  if (bytes < 8) return Math.max(0, Math.floor(bytes));
  const whole = Math.min(Math.floor(bytes), 0x7fffffff);
  const shift = 31 - Math.clz32(whole) - 2;
  return (whole >>> shift) * 2 ** shift;
}
