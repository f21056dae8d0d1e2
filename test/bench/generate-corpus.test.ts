import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import * as cheerio from "cheerio";
import { afterEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { buildBareReference } from "../../bench/bare-reference.js";
import { defaultCorpusNow, generateCorpus } from "../../bench/generate-corpus.js";

const articleCount = 50;
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "newsdeck-bench-"));
  tempDirs.push(dir);
  return dir;
}

async function generateSite(seed = 1): Promise<string> {
  const outDir = join(await makeTempDir(), "site");
  await generateCorpus({ n: articleCount, seed, outDir });
  return outDir;
}

/** Every file under `root`, keyed by its path relative to `root`, in sorted order. */
async function readTree(root: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
  const tree = new Map<string, Buffer>();
  for (const path of paths) {
    tree.set(path, await readFile(join(root, path)));
  }
  return tree;
}

interface ArticleFile {
  path: string;
  slug: string;
  data: Record<string, unknown>;
  body: string;
}

async function readArticles(site: string): Promise<ArticleFile[]> {
  const tree = await readTree(join(site, "content", "articles"));
  return [...tree].map(([path, bytes]) => {
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(bytes.toString("utf8"));
    if (match === null) {
      throw new Error(`${path} does not start with a front-matter block`);
    }
    const data: unknown = YAML.parse(match[1] ?? "");
    if (typeof data !== "object" || data === null) {
      throw new Error(`${path} front matter is not a mapping`);
    }
    return {
      path,
      slug: basename(path, ".md"),
      data: data as Record<string, unknown>,
      body: match[2] ?? "",
    };
  });
}

const siteDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Africa/Johannesburg",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The contract's default article URL, with the date taken in the site timezone. */
function articleUrl(article: ArticleFile): string {
  const [year, month, day] = siteDay.format(new Date(String(article.data.date))).split("-");
  return `/${String(article.data.section)}/${year}/${month}/${day}/${article.slug}/`;
}

/** Words a reader sees: link targets dropped, tokens without a letter or digit ignored. */
function visibleWords(markdown: string): number {
  const withoutUrls = markdown.replace(/\]\([^)]*\)/g, "]");
  return withoutUrls.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

describe("generateCorpus", { timeout: 30_000 }, () => {
  it("writes byte-identical sites for the same n and seed", async () => {
    const first = await readTree(await generateSite());
    const second = await readTree(await generateSite());

    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) {
      expect(second.get(path)?.equals(bytes), path).toBe(true);
    }
    const articles = [...first.keys()].filter((path) => path.startsWith("content/articles/"));
    expect(articles).toHaveLength(articleCount);
    expect([...first.keys()].filter((path) => path.startsWith("content/authors/"))).toHaveLength(
      40,
    );
    expect(first.has("newsdeck.config.mjs")).toBe(true);
    expect(first.has("public/images/bench-12.jpg")).toBe(true);
  });

  it("writes different stories for a different seed", async () => {
    const first = await readArticles(await generateSite(1));
    const second = await readArticles(await generateSite(2));

    expect(second.map((article) => article.data.title)).not.toEqual(
      first.map((article) => article.data.title),
    );
  });

  it("gives every article YAML front matter with a title, a past date and a configured section", async () => {
    const site = await generateSite();
    const config = (await import(pathToFileURL(join(site, "newsdeck.config.mjs")).href)) as {
      default: { sections: Record<string, unknown> };
    };
    const sectionIds = Object.keys(config.default.sections);
    const now = Date.parse(defaultCorpusNow);

    const articles = await readArticles(site);
    expect(articles).toHaveLength(articleCount);
    for (const { path, data } of articles) {
      expect(typeof data.title, path).toBe("string");
      expect(String(data.title).split(" ").length, path).toBeGreaterThanOrEqual(6);
      expect(String(data.title).split(" ").length, path).toBeLessThanOrEqual(12);
      expect(String(data.date), path).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+02:00$/);
      expect(Date.parse(String(data.date)), path).toBeLessThanOrEqual(now);
      expect(sectionIds, path).toContain(data.section);
    }
  });

  it("writes bodies of 600 to 900 words", async () => {
    const articles = await readArticles(await generateSite());

    for (const { path, body } of articles) {
      const words = visibleWords(body);
      expect(words, path).toBeGreaterThanOrEqual(600);
      expect(words, path).toBeLessThanOrEqual(900);
    }
  });

  it("links internally only to generated articles published earlier", async () => {
    const articles = await readArticles(await generateSite());
    const publishedAt = new Map(
      articles.map((article) => [articleUrl(article), Date.parse(String(article.data.date))]),
    );

    let internalLinks = 0;
    for (const article of articles) {
      for (const [, url] of article.body.matchAll(/\]\((\/[^)]*)\)/g)) {
        internalLinks += 1;
        const target = publishedAt.get(url ?? "");
        expect(target, `${article.path} links to ${url}`).toBeDefined();
        expect(target, `${article.path} links to ${url}`).toBeLessThanOrEqual(
          Date.parse(String(article.data.date)),
        );
      }
    }
    // Fifty stories with one to three links each, about 30% internal: none at all is a bug.
    expect(internalLinks).toBeGreaterThan(0);
  });
});

describe("buildBareReference", () => {
  it("renders one page per article whose <title> is the front-matter title", async () => {
    const site = await generateSite();
    const out = join(await makeTempDir(), "out");

    const result = await buildBareReference({ root: site, out });

    expect(result.pages).toBe(articleCount);
    const pages = [...(await readTree(out)).keys()].filter((path) => path.endsWith("index.html"));
    expect(pages).toHaveLength(articleCount);
    for (const article of await readArticles(site)) {
      const page = join(out, String(article.data.section), article.slug, "index.html");
      const $ = cheerio.load(await readFile(page, "utf8"));
      expect($("title").text(), page).toBe(article.data.title);
      expect($("article p").length, page).toBeGreaterThan(5);
    }
  }, 60_000);
});
