import type { Random } from "./create-random.js";
import { formatCount } from "./format-count.js";
import type { CorpusSection } from "./word-banks.js";
import { wordBanks } from "./word-banks.js";

/** What a story's templates draw from besides the shared phrase lists. */
export interface StoryContext {
  section: CorpusSection;
  /** The year the story is published, so "first proposed in {pastYear}" stays in the past. */
  year: number;
}

/**
 * Fills `{slot}` placeholders in a template, recursively, with words for one story. `values`
 * supplies slots the word banks do not have, such as `{url}`.
 */
export type TemplateFiller = (
  template: string,
  values?: Readonly<Record<string, string>>,
) => string;

/** A `{slot}` in a template; `{Actor}` is the slot `actor`, capitalised after filling. */
interface Slot {
  key: string;
  capitalized: boolean;
}

type CompiledTemplate = readonly (string | Slot)[];

// Phrases may nest slots a few levels deep; more than this means a template refers to itself.
const maxDepth = 6;

const phrases = new Map(Object.entries(wordBanks.phrases));

// Templates come from the word banks and a few literals, so this cache stays small. Parsing each
// template once instead of running a regex replace per use matters at 100,000 articles.
const compiledTemplates = new Map<string, CompiledTemplate>();

/**
 * Creates a filler that resolves slots from the story's section first (actor, topic, unit) and
 * then from the shared phrase lists, so the same sentence templates read as politics in one story
 * and as sport in the next.
 */
export function createTemplateFiller(random: Random, context: StoryContext): TemplateFiller {
  const { section, year } = context;

  function resolve(key: string, depth: number): string {
    switch (key) {
      case "actor":
        return fill(random.pick(section.actors), depth);
      case "topic":
        return fill(random.pick(section.topics), depth);
      case "unit":
        return random.pick(section.units);
      case "headActor":
        return withoutArticle(resolve("actor", depth));
      case "headTopic":
        return withoutArticle(resolve("topic", depth));
      case "n":
        return String(random.int(3, 60));
      case "big":
        return formatCount(random.int(120, 98_000));
      case "pct":
        return String(random.int(3, 48));
      case "amount":
        return `R${random.int(2, 900)} million`;
      case "pastYear":
        return String(year - random.int(1, 6));
      case "person":
        return `${random.pick(phraseList("firstName"))} ${random.pick(phraseList("surname"))}`;
      default:
        return fill(random.pick(phraseList(key)), depth);
    }
  }

  function fill(
    template: string,
    depth: number,
    values?: Readonly<Record<string, string>>,
  ): string {
    if (depth > maxDepth) {
      throw new Error(`template slots nest deeper than ${maxDepth}: ${template}`);
    }
    let text = "";
    for (const part of compile(template)) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      const value = values?.[part.key] ?? resolve(part.key, depth + 1);
      text += part.capitalized ? capitalize(value) : value;
    }
    return text;
  }

  return (template, values) => fill(template, 0, values);
}

/** The phrases for a slot; an unknown slot is a mistake in the word banks, so it throws. */
export function phraseList(key: string): readonly string[] {
  const list = phrases.get(key);
  if (list === undefined || list.length === 0) {
    throw new Error(`no phrases for template slot {${key}}`);
  }
  return list;
}

/** Upper-cases the first letter, skipping an opening quote so `"we ...` becomes `"We ...`. */
export function capitalize(text: string): string {
  const index = text.startsWith('"') ? 1 : 0;
  return text.slice(0, index) + text.charAt(index).toUpperCase() + text.slice(index + 1);
}

function compile(template: string): CompiledTemplate {
  const cached = compiledTemplates.get(template);
  if (cached !== undefined) {
    return cached;
  }
  const parts: (string | Slot)[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? "";
    if (match.index > last) {
      parts.push(template.slice(last, match.index));
    }
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    parts.push({ key, capitalized: key !== name });
    last = match.index + match[0].length;
  }
  if (last < template.length) {
    parts.push(template.slice(last));
  }
  compiledTemplates.set(template, parts);
  return parts;
}

/** Headlines drop leading articles: "the water tariff review" -> "water tariff review". */
function withoutArticle(phrase: string): string {
  return phrase.replace(/^(the|a|an) /, "");
}
