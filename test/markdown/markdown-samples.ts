import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import spec from "commonmark-spec";
import fc from "fast-check";
import { generateCorpus } from "../../bench/generate-corpus.js";
import { repoRoot } from "../helpers/build-site.js";

/** A Markdown body with a name to report it by. */
export interface NamedBody {
  readonly name: string;
  readonly body: string;
}

/** The Markdown after a file's front matter (the whole text when it has none). */
function bodyOf(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

async function readBodies(dir: string, prefix: string): Promise<NamedBody[]> {
  const files = (await readdir(dir, { recursive: true }))
    .filter((file) => file.endsWith(".md"))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      name: `${prefix}${file}`,
      body: bodyOf(await readFile(path.join(dir, file), "utf8")),
    })),
  );
}

/** The bodies of a freshly generated benchmark corpus of `n` articles (bench/generate-corpus.ts). */
export async function corpusBodies(n: number): Promise<NamedBody[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-corpus-"));
  try {
    await generateCorpus({ n, outDir: path.join(dir, "site") });
    return await readBodies(path.join(dir, "site", "content"), "corpus/");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The sample site's articles, pages and author bios. */
export function sampleSiteBodies(): Promise<NamedBody[]> {
  return readBodies(path.join(repoRoot, "content"), "content/");
}

/** Every example of the CommonMark spec 0.31.2 (commonmark-spec), tabs restored from `→`. */
export function specExamples(): NamedBody[] {
  return spec.tests.map((example) => ({
    name: `spec example ${example.number} (${example.section})`,
    body: example.markdown.replaceAll("→", "\t"),
  }));
}

/**
 * Markdown made of the pieces typography and structure meet at: quotes and apostrophes, dashes,
 * dots, backticks, emphasis, links, code, HTML, block starts (story blocks too), abbreviations, sentence ends,
 * digits, and letters outside ASCII (accented, an emoji, a non-breaking space).
 */
export const markdownPieces = fc.constantFrom(
  "'",
  '"',
  "''",
  "``",
  "`",
  "--",
  "---",
  "-",
  "...",
  "..",
  ". . .",
  ".",
  "?",
  "!",
  ",",
  ";",
  ":",
  " ",
  "  ",
  "\n",
  "\n\n",
  "\t",
  "*",
  "**",
  "_",
  "~~",
  "[",
  "]",
  "](/to)",
  "(",
  ")",
  "<b>",
  "</b>",
  "<br>",
  "<!-- c -->",
  "&amp;",
  "&",
  "/",
  "\\",
  "|",
  "# ",
  "## ",
  "> ",
  "- ",
  "1. ",
  "```\n",
  "    ",
  "a",
  "word",
  "Word",
  "it's",
  "80s",
  "s",
  "t",
  "Mr.",
  "e.g.",
  "U.S.",
  "etc.",
  "1",
  "42",
  "é",
  "Ünïcode",
  "😀",
  "\u00A0",
  "\u2019",
  "\u201C",
  "www.example.org",
  "x@example.org",
  "::",
  ":::",
  "::note",
  ":::note",
  "{a=b}",
);

/** Generated Markdown bodies of up to `maxPieces` pieces of {@link markdownPieces}. */
export function markdownArbitrary(maxPieces = 40): fc.Arbitrary<string> {
  return fc.array(markdownPieces, { maxLength: maxPieces }).map((pieces) => pieces.join(""));
}
