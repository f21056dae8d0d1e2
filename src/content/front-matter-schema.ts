import { z } from "zod";

/**
 * The first control character in `value` (they are invisible on screen, and XML feeds may not
 * contain them), tabs and line breaks aside; undefined when there is none.
 */
export function findControlCharacter(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
      return value[i];
    }
  }
  return undefined;
}

/** Text a writer typed: no control characters. */
const plain = z.string().superRefine((value, context) => {
  const found = findControlCharacter(value);
  if (found !== undefined) {
    const code = found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    context.addIssue({
      code: "custom",
      message: `contains the invisible control character U+${code}`,
    });
  }
});
const text = plain.trim().min(1, "must not be empty");
const isoText = z.union([z.string(), z.number()]).transform(String);

const imageSchema = z.strictObject({
  src: text,
  alt: text,
  caption: plain.optional(),
  credit: plain.optional(),
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

/** An image as written in front matter. */
export type ImageFrontMatter = z.output<typeof imageSchema>;
