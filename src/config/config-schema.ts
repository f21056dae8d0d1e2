import { z } from "zod";
import { defaultBodyLimits } from "../markdown/body-limits.js";
import { defaultCacheDir } from "./config-cache.js";

const commentsMode = z.enum(["open", "closed", "disabled"]);

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const siteSchema = z.strictObject({
  title: z.string().min(1).default("Newsdeck"),
  url: z.url({ protocol: /^https?$/ }).default("https://example.org"),
  language: z.string().min(2).default("en"),
  timezone: z
    .string()
    .refine(isTimeZone, { message: "not an IANA time zone (hint: Africa/Johannesburg)" })
    .default("UTC"),
  description: z.string().default(""),
  /** Path under `public/` (or an absolute URL) of the publisher logo used in structured data. */
  logo: z.string().optional(),
});

const sectionSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
});

const disclaimerRuleSchema = z.strictObject({
  tags: z.array(z.string().min(1)).min(1),
  partial: z.string().regex(idPattern, "a partial name such as covid-19"),
  comments: commentsMode.optional(),
});

const donateSchema = z.strictObject({
  url: z.url(),
  label: z.string().min(1),
  text: z.string().optional(),
  paymentOptionsUrl: z.url().optional(),
  paymentOptionsLabel: z.string().default("Payment options"),
});

const permalinksSchema = z.strictObject({
  article: z.string().default("/:section/:yyyy/:mm/:dd/:slug/"),
  section: z.string().default("/:section/"),
  tag: z.string().default("/tag/:slug/"),
  author: z.string().default("/author/:slug/"),
  page: z.string().default("/:name/"),
});

/** What the search page may filter by (Pagefind filters of every indexed article). */
const searchFilterNames = ["section", "tag", "author"] as const;

const searchSchema = z.strictObject({
  /** Builds the index and the `/search/` page, and links to it from every page's header. */
  enabled: z.boolean().default(true),
  /** The filters the search page offers, in this order. */
  filters: z.array(z.enum(searchFilterNames)).default([...searchFilterNames]),
  /** Words of context shown around the matched words of each result. */
  excerptLength: z.int().min(5).max(100).default(30),
  /**
   * Where the search form sends readers whose browser runs no JavaScript: an external search
   * engine, as a plain GET. The parameter whose value is `{query}` receives the words (default
   * `q`); the others are sent as they are. Absent: the form is hidden without JavaScript.
   */
  fallbackUrl: z
    .url({ protocol: /^https?$/ })
    .refine((url) => (url.match(/=\{query\}(?:&|$)/g) ?? []).length <= 1, {
      message:
        "names {query} more than once (hint: https://duckduckgo.com/?sites=news.example.org)",
    })
    .optional(),
});

/**
 * Ceilings on what one article's front matter may carry (`limits.*`), each reported as a located
 * `LimitExceeded` error. The defaults are far above what a newsroom writes and low enough that
 * one file cannot make a build's output or memory balloon. Lengths count characters.
 */
export const frontMatterLimits = {
  tagsPerArticle: z.int().min(1).default(200),
  authorsPerArticle: z.int().min(1).default(50),
  titleLength: z.int().min(1).default(500),
  summaryLength: z.int().min(1).default(5000),
};

/**
 * Limits on each Markdown body (`limits.body`): its size and nesting are checked before it is
 * parsed, its rendering time while it renders (see src/markdown/body-limits.ts).
 */
const bodyLimits = {
  body: z
    .strictObject({
      bytes: z.int().min(1).default(defaultBodyLimits.bytes),
      nesting: z.int().min(1).default(defaultBodyLimits.nesting),
      renderMs: z.int().min(1).default(defaultBodyLimits.renderMs),
      blocks: z.int().min(0).default(defaultBodyLimits.blocks),
    })
    .prefault({}),
};

/**
 * The schema of `newsdeck.config.ts`. Every key is optional and has a documented default;
 * unknown keys are errors (strict objects), so a typo cannot silently change nothing.
 */
export const configSchema = z.strictObject({
  site: siteSchema.prefault({}),
  /** Section ids to titles. When absent, any section id in content is accepted. */
  sections: z
    .record(z.string().regex(idPattern, "a lowercase id such as politics"), sectionSchema)
    .optional(),
  disclaimers: z.array(disclaimerRuleSchema).default([]),
  donate: donateSchema.optional(),
  comments: z
    .strictObject({
      default: commentsMode.default("open"),
      policy: z
        .string()
        .default("Please peer review 3 community comments before your comment can be posted."),
    })
    .prefault({}),
  pagination: z.strictObject({ perPage: z.int().min(1).max(1000).default(20) }).prefault({}),
  home: z
    .strictObject({
      latest: z.int().min(0).default(12),
      perSection: z.int().min(0).default(4),
    })
    .prefault({}),
  related: z.strictObject({ count: z.int().min(0).max(20).default(4) }).prefault({}),
  embeds: z.strictObject({ allow: z.array(z.string().min(1)).default([]) }).prefault({}),
  feeds: z
    .strictObject({
      items: z.int().min(1).default(50),
      content: z.enum(["full", "summary"]).default("full"),
    })
    .prefault({}),
  permalinks: permalinksSchema.prefault({}),
  images: z
    .strictObject({
      widths: z.array(z.int().min(16).max(8192)).min(1).default([480, 800, 1200, 1600]),
      formats: z.array(z.enum(["avif", "webp"])).default(["avif", "webp"]),
      quality: z.int().min(1).max(100).default(72),
    })
    .prefault({}),
  build: z
    .strictObject({
      minify: z.boolean().default(true),
      cacheDir: z.string().default(defaultCacheDir),
    })
    .prefault({}),
  limits: z.strictObject({ ...frontMatterLimits, ...bodyLimits }).prefault({}),
  /**
   * Site search; `false` is `{ enabled: false }`. Turned into the object before validation (not a
   * union), so a wrong key inside is reported at that key, not at `search`.
   */
  search: z.preprocess(
    (search) => (search === false ? { enabled: false } : search),
    searchSchema.prefault({}),
    // Typed as what it accepts: the object, `false`, or nothing.
  ) as unknown as z.ZodDefault<
    z.ZodType<z.output<typeof searchSchema>, z.input<typeof searchSchema> | false>
  >,
  headers: z
    .strictObject({
      htmlCacheControl: z.string().default("public, max-age=60, stale-while-revalidate=600"),
      contentSecurityPolicy: z.string().optional(),
    })
    .prefault({}),
});

/** The config as a user writes it: every key optional. */
export type UserConfig = z.input<typeof configSchema>;
/** The config after defaults are applied: what the build reads. */
export type ResolvedConfig = z.output<typeof configSchema>;
/** The `search` config after defaults. */
export type SearchConfig = ResolvedConfig["search"];
/** The comment mode of an article: open, closed or disabled. */
export type CommentsMode = z.output<typeof commentsMode>;

/** Whether `zone` is an IANA time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
