import { countWords } from "./count-words.js";
import type { Random } from "./create-random.js";
import type { TemplateFiller } from "./create-template-filler.js";
import { phraseList } from "./create-template-filler.js";
import { formatCount } from "./format-count.js";

/** A link the body must contain: to another story in the corpus or to an outside source. */
export interface BodyLink {
  url: string;
  internal: boolean;
}

/** What {@link composeBody} needs to know about the story. */
export interface BodyInput {
  random: Random;
  fill: TemplateFiller;
  links: readonly BodyLink[];
  /** The publication year, used for the columns of a comparison table. */
  year: number;
}

/** A Markdown body and its word count as {@link countWords} measures it. */
export interface ComposedBody {
  markdown: string;
  words: number;
}

/** The range every body's word count falls in. */
const minBodyWords = 600;
const maxBodyWords = 900;

// Targets stay well inside the range, leaving room for the estimate below to be off a little.
const minTargetWords = 640;
const maxTargetWords = 820;

// Reporting sentences are measured by length, not by counting their words: counting means scanning
// each freshly built string, which cost as much as building it, while a string's length is free.
// In these word banks a word takes 6.25 characters on average, spaces included (about 6.3 in
// reporting sentences and 6.0 in quotes, measured over 800,000 sentences); if the banks change
// much, measure again: the exact count at the end still guards the range.
const charactersPerWord = 6.25;

const maxAttempts = 10;

/**
 * Composes the Markdown body of a news story: a lede, paragraphs of reporting with direct quotes,
 * one `##` subheading, the given links, and sometimes a bullet list, a blockquote or a GFM table.
 *
 * The structural blocks are written first; reporting sentences are then added until the body
 * reaches a word target, and the finished body is counted exactly. A body outside 600-900 words
 * (which the targets make very rare) is composed again, so the range is guaranteed.
 */
export function composeBody(input: BodyInput): ComposedBody {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const body = composeBodyOnce(input);
    if (body.words >= minBodyWords && body.words <= maxBodyWords) {
      return body;
    }
  }
  throw new Error(`no body of ${minBodyWords}-${maxBodyWords} words in ${maxAttempts} attempts`);
}

function composeBodyOnce(input: BodyInput): ComposedBody {
  const { random, fill, links, year } = input;
  const target = random.int(minTargetWords, maxTargetWords);

  const lede = sentenceList(random.int(1, 2), () => fill("{ledeSentence}"));
  const subheading = `## ${fill("{subheading}")}`;
  const list = random.chance(0.3) ? composeList(random, fill) : [];
  const blockquote = random.chance(0.2) ? `> ${fill("{blockquote}")}` : undefined;
  const table = random.chance(0.1) ? composeTable(random, fill, year) : [];
  const linkSentences = links.map((link) => {
    const templates = phraseList(link.internal ? "internalLinkSentence" : "externalLinkSentence");
    return fill(random.pick(templates), { url: link.url });
  });

  const fixedBlocks = [lede.join(" "), subheading, ...list, blockquote ?? "", ...table];
  const fixedWords = countWords(fixedBlocks.join("\n")) + countWords(linkSentences.join(" "));
  const reportingLength = (target - fixedWords) * charactersPerWord;

  const paragraphs: string[][] = [];
  let current: string[] = [];
  let currentSize = random.int(2, 4);
  let length = 0;
  while (length < reportingLength) {
    const isQuote = random.chance(0.22);
    const sentence = fill(isQuote ? "{quoteSentence}" : "{sentence}");
    length += sentence.length + 1;
    // News copy often gives a direct quote a paragraph of its own.
    if (isQuote && random.chance(0.5)) {
      if (current.length > 0) {
        paragraphs.push(current);
        current = [];
      }
      paragraphs.push([sentence]);
      continue;
    }
    current.push(sentence);
    if (current.length >= currentSize) {
      paragraphs.push(current);
      current = [];
      currentSize = random.int(2, 4);
    }
  }
  if (current.length > 0) {
    paragraphs.push(current);
  }

  for (const sentence of linkSentences) {
    const paragraph = random.pick(paragraphs);
    paragraph.splice(random.int(0, paragraph.length), 0, sentence);
  }

  const prose = paragraphs.map((paragraph) => paragraph.join(" "));
  const half = Math.ceil(prose.length / 2);
  const firstHalf = prose.slice(0, half);
  const secondHalf = prose.slice(half);
  if (blockquote !== undefined) {
    secondHalf.splice(Math.min(1, secondHalf.length), 0, blockquote);
  }
  if (table.length > 0) {
    secondHalf.splice(Math.max(0, secondHalf.length - 1), 0, ...table);
  }

  const blocks = [lede.join(" "), ...firstHalf, subheading, ...list, ...secondHalf];
  const markdown = `${blocks.join("\n\n")}\n`;
  return { markdown, words: countWords(markdown) };
}

function sentenceList(count: number, make: () => string): string[] {
  return Array.from({ length: count }, make);
}

/** An introductory line and a bullet list of three to five distinct points. */
function composeList(random: Random, fill: TemplateFiller): string[] {
  const itemTemplates = random.sample(phraseList("listItem"), random.int(3, 5));
  const items = itemTemplates.map((template) => `- ${fill(template)}`);
  return [fill("{listIntro}"), items.join("\n")];
}

/** An introductory line and a GFM table comparing two years across three to six places. */
function composeTable(random: Random, fill: TemplateFiller, year: number): string[] {
  const places = random.sample(phraseList("place"), random.int(3, 6));
  const rows = places.map((place) => {
    const before = random.int(200, 20_000);
    const after = Math.round(before * (0.7 + random.next() * 0.7));
    return `| ${place} | ${formatCount(before)} | ${formatCount(after)} |`;
  });
  return [
    fill("{tableIntro}"),
    [`| Area | ${year - 1} | ${year} |`, "| --- | ---: | ---: |", ...rows].join("\n"),
  ];
}
