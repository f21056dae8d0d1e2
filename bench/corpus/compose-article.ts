import type { BodyLink } from "./compose-body.js";
import { composeBody } from "./compose-body.js";
import { countWords } from "./count-words.js";
import type { CorpusAuthor } from "./create-authors.js";
import type { Random } from "./create-random.js";
import type { SiteClock } from "./create-site-clock.js";
import type { TemplateFiller } from "./create-template-filler.js";
import { capitalize, createTemplateFiller } from "./create-template-filler.js";
import type { GeneratedFrontMatter } from "./format-front-matter.js";
import { formatFrontMatter } from "./format-front-matter.js";
import { slugify } from "./slugify.js";
import type { CorpusSection } from "./word-banks.js";
import { wordBanks } from "./word-banks.js";

/** Everything {@link composeArticle} needs to write the story at one position of the corpus. */
export interface ArticleInput {
  random: Random;
  /** Position in publication order; also makes the slug unique. */
  index: number;
  /** Publication instant in milliseconds since the epoch. */
  published: number;
  /** The corpus's "now": an `updated` time is never later than this. */
  now: number;
  clock: SiteClock;
  section: CorpusSection;
  /** The section's regular writers, who take the first byline. */
  sectionAuthors: readonly CorpusAuthor[];
  allAuthors: readonly CorpusAuthor[];
  /** URLs of the stories published before this one, in publication order. */
  earlierUrls: readonly string[];
  /** Images `/images/bench-1.jpg` to `/images/bench-<imageCount>.jpg` exist under public/. */
  imageCount: number;
}

/** A finished article file and where it goes. */
export interface ComposedArticle {
  /** Path under `content/articles/`, e.g. `2026/11/city-council-to-delay-water-tariff-42.md`. */
  path: string;
  /** The article's default URL, `/<section>/<yyyy>/<mm>/<dd>/<slug>/` in the site timezone. */
  url: string;
  /** The whole file: front matter and Markdown body. */
  text: string;
}

const minTitleWords = 6;
const maxTitleWords = 12;
// How many words of the headline go into the slug, before the index that keeps it unique.
const slugWords = 6;

/** Writes one synthetic news story with realistic front matter and a 600-900 word body. */
export function composeArticle(input: ArticleInput): ComposedArticle {
  const { random, index, published, now, clock, section } = input;
  const time = clock(published);
  const year = Number(time.year);
  const fill = createTemplateFiller(random, { section, year });

  const title = composeTitle(random, fill);
  const slug = `${slugify(title).split("-").slice(0, slugWords).join("-")}-${index}`;
  const url = `/${section.id}/${time.year}/${time.month}/${time.day}/${slug}/`;

  const frontMatter: GeneratedFrontMatter = {
    title,
    date: time.iso,
    section: section.id,
    tags: chooseTags(random, section),
    authors: chooseAuthors(random, input.sectionAuthors, input.allAuthors),
  };
  const isWireCopy = random.chance(0.25);
  if (isWireCopy) {
    frontMatter.source = fill("{wireSource}");
    frontMatter.dateline = fill("{place}");
  }
  if (random.chance(0.8)) {
    frontMatter.summary = fill("{summary}");
  }
  if (random.chance(0.6)) {
    const subject = `${fill("{imageSubject}")} in ${fill("{place}")}`;
    frontMatter.image = {
      src: `/images/bench-${random.int(1, input.imageCount)}.jpg`,
      alt: capitalize(subject),
      caption: capitalize(`${subject} ${fill("{time}")}.`),
      credit: `${fill("{person}")}/${fill("{photoAgency}")}`,
    };
  }
  if (isWireCopy) {
    frontMatter.credits = random.chance(0.5)
      ? fill("Reporting by {person} and {person}; Editing by {person}")
      : fill("Reporting by {person}; Editing by {person}");
  }
  if (random.chance(0.1)) {
    const updated = published + random.int(20, 36 * 60) * 60_000;
    // An update after "now" would lie in the corpus's future; such stories simply get none.
    if (updated <= now) {
      frontMatter.updated = clock(updated).iso;
    }
  }

  const links = chooseLinks(random, fill, input.earlierUrls, year);
  const body = composeBody({ random, fill, links, year });
  return {
    path: `${time.year}/${time.month}/${slug}.md`,
    url,
    text: `${formatFrontMatter(frontMatter)}\n${body.markdown}`,
  };
}

function composeTitle(random: Random, fill: TemplateFiller): string {
  const template = random.chance(0.05) ? "{headlineWithLabel}" : "{headline}";
  // Some combinations of slots come out too short or too long; draw again rather than cut words.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    let title = capitalize(fill(template));
    if (countWords(title) < minTitleWords) {
      title = `${title} ${fill("{tail}")}`;
    }
    const words = countWords(title);
    if (words >= minTitleWords && words <= maxTitleWords) {
      return title;
    }
  }
  throw new Error(`no headline of ${minTitleWords}-${maxTitleWords} words after 50 attempts`);
}

/** How many tags a story has: mostly one or two, sometimes up to four. */
const tagCounts = [1, 1, 2, 2, 2, 3, 3, 4];

function chooseTags(random: Random, section: CorpusSection): string[] {
  const count = random.pick(tagCounts);
  const tags: string[] = [];
  // Health stories carry the COVID-19 tag far more often; across sections about 3% of stories do.
  if (random.chance(section.id === "health" ? 0.15 : 0.02)) {
    tags.push("COVID-19");
  }
  tags.push(random.pickSkewed(section.tags));
  while (tags.length < count) {
    const tag = random.pickSkewed(wordBanks.tags);
    if (!tags.includes(tag)) {
      tags.push(tag);
    }
  }
  return tags;
}

function chooseAuthors(
  random: Random,
  sectionAuthors: readonly CorpusAuthor[],
  allAuthors: readonly CorpusAuthor[],
): string[] {
  const first = random.pick(sectionAuthors.length > 0 ? sectionAuthors : allAuthors);
  const names = [first.name];
  if (random.chance(0.2)) {
    const second = random.pick(allAuthors);
    if (second.name !== first.name) {
      names.push(second.name);
    }
  }
  return names;
}

function chooseLinks(
  random: Random,
  fill: TemplateFiller,
  earlierUrls: readonly string[],
  year: number,
): BodyLink[] {
  const links: BodyLink[] = [];
  const count = random.int(1, 3);
  for (let i = 0; i < count; i += 1) {
    if (earlierUrls.length > 0 && random.chance(0.3)) {
      // Cubing the draw makes follow-ups mostly cite recent stories, now and then an old one.
      const back = Math.floor(random.next() ** 3 * earlierUrls.length);
      const url = earlierUrls[earlierUrls.length - 1 - back];
      if (url !== undefined) {
        links.push({ url, internal: true });
        continue;
      }
    }
    const folder = random.pick(["reports", "documents", "media", "data"]);
    const page = slugify(fill("{headTopic}"));
    links.push({
      url: `https://${fill("{externalDomain}")}/${folder}/${year}/${page}`,
      internal: false,
    });
  }
  return links;
}
