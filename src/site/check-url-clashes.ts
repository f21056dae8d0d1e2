import { compareText, createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { ArticleEntry } from "./article-entry.js";
import { checkUrlPath } from "./check-url-path.js";
import type { Article, SourcePosition } from "./model.js";
import { positionOf } from "./model.js";
import { paginate } from "./paginate.js";
import { chooseSpelling } from "./site-model.js";
import type { SiteView } from "./site-view.js";
import { slugifyTerm } from "./slugify.js";

/** Reserved URLs the build writes itself; content may not claim them. */
export const reservedUrls = [
  "/",
  "/404.html",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/sitemap.xml",
  "/news-sitemap.xml",
  "/robots.txt",
  "/_redirects",
  "/_headers",
];

/** The validated article of an entry (for positions). */
export type RecordOf = (entry: ArticleEntry) => Article;

/**
 * Every URL has one owner. URLs are compared as the file they are served from, so `/city` (an
 * alias) and `/city/` (the section page) clash; every page of a paginated listing and every
 * section and tag feed is claimed, so an alias cannot overwrite `/city/page/2/` or
 * `/city/feed.xml`. Errors name both owners. Reads every article of the build: a first build
 * runs it, and a later one when what it writes may collide with what is there.
 */
export function checkUrlClashes(view: SiteView, record: RecordOf): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, string>(
    reservedUrls.map((url) => [servedAs(url), "Newsdeck itself"]),
  );
  const claim = (
    url: string,
    owner: string,
    file?: string,
    field?: string,
    at?: () => SourcePosition,
  ) => {
    const key = servedAs(url);
    const previous = owners.get(key);
    if (previous === undefined) {
      owners.set(key, owner);
      return;
    }
    diagnostics.push(
      createDiagnostic("DuplicateUrl", `${url} is claimed by both ${previous} and ${owner}`, {
        file,
        ...at?.(),
        field,
        phase: "assemble",
        hint: "change the slug (slug:), the file name or the alias so each URL has one owner",
      }),
    );
  };
  const model = view.model;
  const terms = [
    ...view.sectionIds().map((id) => `s:${id}`),
    ...model.listKeys().filter((key) => key.startsWith("t:")),
    ...model.listKeys().filter((key) => key.startsWith("a:")),
  ];
  for (const key of terms) {
    const term = view.term(key);
    for (const listing of paginate(model.list(key), view.config.pagination.perPage, term.url))
      claim(listing.url, `the ${term.kind} page "${term.name}"`);
    if (term.kind !== "author" && term.url.endsWith("/"))
      claim(`${term.url}feed.xml`, `the ${term.kind} feed "${term.name}"`);
  }
  for (const page of view.pages) claim(page.url, page.file, page.file, undefined, () => fileStart);
  const byFile = [...model.list("all")]
    .map((id) => model.entry(id) as ArticleEntry & { url: string })
    .sort((a, b) => compareText(a.file, b.file));
  // Positions come from the records, read only for the claims that clash.
  const at = (entry: ArticleEntry, field: string) => () =>
    positionOf(record(entry).positions, field) ?? fileStart;
  for (const entry of byFile) claim(entry.url, entry.file, entry.file, "slug", at(entry, "slug"));
  for (const entry of byFile) {
    for (const [index, alias] of entry.aliases.entries()) {
      const checked = checkUrlPath(alias.startsWith("/") ? alias : `/${alias}`);
      if (checked.ok)
        claim(
          checked.url,
          `${entry.file} (alias)`,
          entry.file,
          "aliases",
          at(entry, `aliases.${index}`),
        );
    }
  }
  return diagnostics;
}

/**
 * A warning for each tag spelling merged into another: tags that differ only in case or
 * punctuation share a slug, and the most used spelling names the tag. Each names the first file
 * (by path) that uses the merged spelling.
 */
export function tagMergeDiagnostics(view: SiteView, record: RecordOf): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const model = view.model;
  for (const [slug, counts] of model.mergedTags()) {
    const winner = chooseSpelling(counts) ?? slug;
    const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const entries = model
      .list(`t:${slug}`)
      .map((id) => model.entry(id) as ArticleEntry)
      .sort((a, b) => compareText(a.file, b.file));
    for (const [spelling] of ranked) {
      if (spelling === winner) continue;
      const first = entries.find((entry) => entry.tags.includes(spelling));
      if (!first) continue;
      const index = first.tags.findIndex((tag) => tag === spelling && slugifyTerm(tag) === slug);
      diagnostics.push(
        createDiagnostic(
          "TagsMerged",
          `tag "${spelling}" was merged into "${winner}" (both are /${slug}/)`,
          {
            file: first.file,
            ...(positionOf(record(first).positions, `tags.${index}`) ?? fileStart),
            field: "tags",
            phase: "assemble",
            hint: `write "${winner}" everywhere`,
          },
        ),
      );
    }
  }
  return diagnostics;
}

/** The form in which a URL is served: `/a`, `/a/` and `/a/index.html` are one page. */
export function servedAs(url: string): string {
  return url.replace(/\/index\.html$/, "/").replace(/\/+$/, "") || "/";
}

/** The first line of a file: where file-level problems (a URL from its name) point. */
const fileStart: SourcePosition = { line: 1, column: 1 };
