import { configSchema, type ResolvedConfig, type UserConfig } from "../../config/config-schema.js";
import { checkLimits } from "../../content/check-limits.js";
import { checkBodyLimits } from "../../markdown/check-body-limits.js";
import type { ImportNotes } from "../import-notes.js";
import type { SourceStory } from "../source-archive.js";

type Limits = ResolvedConfig["limits"];

/**
 * The `limits` an imported site needs. The build refuses a story over its limits (tags and
 * authors per story, title and summary length, body size and nesting); an archive is what it
 * is, so where a story goes over a default, the config the import writes raises that limit to
 * what the story needs, and the report says which story made it. Checked with the build's own
 * checks.
 */
export class LimitsNeeded {
  readonly #defaults: Limits = configSchema.parse({}).limits;
  #limits: Limits = this.#defaults;

  /** Checks a story's front matter and Markdown body, raising what it goes over. */
  check(
    fields: Readonly<Record<string, unknown>>,
    body: string,
    story: SourceStory,
    notes: ImportNotes,
  ): void {
    for (const issue of checkLimits(fields, this.#limits)) {
      const field = String(issue.fieldPath[0]);
      const value = fields[field];
      const needed = Array.isArray(value) ? value.length : [...String(value)].length;
      const key = (
        {
          tags: "tagsPerArticle",
          authors: "authorsPerArticle",
          title: "titleLength",
          summary: "summaryLength",
        } as const
      )[field];
      if (!key) continue;
      this.#limits = { ...this.#limits, [key]: needed };
      notes.add(
        "LimitRaised",
        story.file,
        story.lineOf(field),
        `${field} is over the default limits.${key} (${this.#defaults[key]}): the config raises it to ${needed}`,
      );
    }
    const bytes = Buffer.byteLength(body);
    if (bytes > this.#limits.body.bytes) {
      this.#limits = { ...this.#limits, body: { ...this.#limits.body, bytes } };
      notes.add(
        "LimitRaised",
        story.file,
        story.bodyLine,
        `the body is ${bytes} bytes, over the default limits.body.bytes (${this.#defaults.body.bytes}): the config raises it`,
      );
    }
    const fits = (nesting: number) =>
      checkBodyLimits(body, { ...this.#limits.body, nesting }) === undefined;
    const current = this.#limits.body.nesting;
    if (fits(current)) return;
    // The smallest nesting limit the body fits (the build's scan names the first line over a
    // limit, not the deepest): doubled until it fits, then halved down to it.
    let low = current;
    let high = current * 2;
    while (!fits(high)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (fits(middle)) high = middle;
      else low = middle;
    }
    this.#limits = { ...this.#limits, body: { ...this.#limits.body, nesting: high } };
    notes.add(
      "LimitRaised",
      story.file,
      story.bodyLine,
      `lists and quotes nest ${high} deep, over the default limits.body.nesting (${this.#defaults.body.nesting}): the config raises it`,
    );
  }

  /** The `limits` to write in the config: only those raised; undefined when none was. */
  config(): UserConfig["limits"] | undefined {
    const raised: Record<string, unknown> = {};
    for (const key of [
      "tagsPerArticle",
      "authorsPerArticle",
      "titleLength",
      "summaryLength",
    ] as const) {
      if (this.#limits[key] !== this.#defaults[key]) raised[key] = this.#limits[key];
    }
    const body: Record<string, number> = {};
    if (this.#limits.body.bytes !== this.#defaults.body.bytes) body.bytes = this.#limits.body.bytes;
    if (this.#limits.body.nesting !== this.#defaults.body.nesting)
      body.nesting = this.#limits.body.nesting;
    if (Object.keys(body).length) raised.body = body;
    return Object.keys(raised).length ? (raised as UserConfig["limits"]) : undefined;
  }
}
