import { z } from "zod";

const text = z.string().trim().min(1, "must not be empty");
const isoText = z.union([z.string(), z.number()]).transform(String);

const imageSchema = z.strictObject({
  src: text,
  alt: z
    .string({
      error: (issue) => (issue.input === undefined ? "an image needs alt text" : undefined),
    })
    .trim()
    .min(1, "an image needs alt text"),
  caption: z.string().optional(),
  credit: z.string().optional(),
  width: z.int().positive().optional(),
  height: z.int().positive().optional(),
});

const correctionSchema = z.strictObject({ date: isoText, text });

/**
 * Article front matter as writers type it (contract section 2). Strict: an unknown field is an
 * error, so `tittle:` cannot publish an untitled story.
 */
export const articleFrontMatterSchema = z.strictObject({
  title: text,
  date: isoText,
  section: text,
  tags: z.array(text).default([]),
  authors: z.array(text).default([]),
  source: text.optional(),
  dateline: text.optional(),
  summary: text.optional(),
  image: imageSchema.optional(),
  gallery: z.array(imageSchema).default([]),
  credits: text.optional(),
  updated: isoText.optional(),
  corrections: z.array(correctionSchema).default([]),
  disclaimer: text.optional(),
  comments: z.enum(["open", "closed", "disabled"]).optional(),
  donate: z.boolean().default(true),
  draft: z.boolean().default(false),
  expires: isoText.optional(),
  aliases: z.array(text).default([]),
  canonical: z.url({ protocol: /^https?$/ }).optional(),
  slug: text.optional(),
});

/** Author bio front matter (`content/authors/<slug>.md`). */
export const authorFrontMatterSchema = z.strictObject({
  name: text,
  role: text.optional(),
  email: z.email().optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

/** Static page front matter (`content/pages/<name>.md`). */
export const pageFrontMatterSchema = z.strictObject({
  title: text,
  summary: text.optional(),
  updated: isoText.optional(),
  draft: z.boolean().default(false),
});

export type ArticleFrontMatter = z.output<typeof articleFrontMatterSchema>;
export type AuthorFrontMatter = z.output<typeof authorFrontMatterSchema>;
export type PageFrontMatter = z.output<typeof pageFrontMatterSchema>;
/** An image as written in front matter. */
export type ImageFrontMatter = z.output<typeof imageSchema>;
