import type { SearchConfig } from "../config/config-schema.js";
import type { OutputFile } from "../outputs/output-file.js";
import { isPublished } from "../outputs/published-articles.js";
import type { Site, Term } from "../site/model.js";
import { TemplateRenderError } from "../templates/create-template-engine.js";
import { layoutGlobals, type PageInfo, type RenderContext } from "../templates/render-pages.js";
import { urlToOutputPath } from "../write/check-url-path.js";
import { type FallbackForm, fallbackForm } from "./fallback-form.js";
import { searchFolder } from "./plan-buckets.js";

/** The URL of the search page. */
export const searchPageUrl = "/search/";

/** One filter of the search page: a select of the values indexed articles carry. */
export interface SearchFilter {
  /** The Pagefind filter name (`section`, `tag`, `author`). */
  readonly name: SearchConfig["filters"][number];
  readonly label: string;
  /** What "no filter" says (`Any section`). */
  readonly anyLabel: string;
  /** Values, as indexed (display names), in alphabetical order. */
  readonly values: readonly string[];
}

/** What `layouts/search.eta` gets as `it.search`. */
export interface SearchPageData {
  /** Where Pagefind's bundles are (`/pagefind/`). */
  readonly bundle: string;
  readonly excerptLength: number;
  readonly filters: readonly SearchFilter[];
  /** Where the form goes without script; undefined: the form is hidden without script. */
  readonly fallback?: FallbackForm | undefined;
}

const filterLabels = {
  section: ["Section", "Any section"],
  tag: ["Topic", "Any topic"],
  author: ["Author", "Any author"],
} as const;

/** Renders `/search/` with `layouts/search.eta`; a template error is reported, not thrown. */
export function renderSearchPage(context: RenderContext): OutputFile | undefined {
  const { site, helpers } = context;
  const config = site.config.search;
  const page: PageInfo = {
    kind: "search",
    url: searchPageUrl,
    title: "Search",
    description: `Search the stories of ${site.config.site.title}`,
    canonical: helpers.abs(searchPageUrl),
    noindex: true,
  };
  const search: SearchPageData = {
    bundle: `/${searchFolder}/`,
    excerptLength: config.excerptLength,
    filters: config.filters.map((name) => ({
      name,
      label: filterLabels[name][0],
      anyLabel: filterLabels[name][1],
      values: filterValues(site, name),
    })),
    fallback: config.fallbackUrl ? fallbackForm(config.fallbackUrl) : undefined,
  };
  try {
    const html = context.engine.render(
      "layouts/search",
      { page, search, ...layoutGlobals(context) },
      "the search page",
    );
    return { path: urlToOutputPath(searchPageUrl), data: html };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    context.report(error.diagnostic);
    return undefined;
  }
}

/** The names of the terms of a kind that some published article carries, alphabetically. */
function filterValues(site: Site, name: SearchFilter["name"]): string[] {
  const terms: readonly Term[] =
    name === "section" ? site.sections : name === "tag" ? site.tags : site.authors;
  return terms
    .filter((term) => term.articles.some(isPublished))
    .map((term) => term.name)
    .sort((a, b) => a.localeCompare(b, site.config.site.language));
}
