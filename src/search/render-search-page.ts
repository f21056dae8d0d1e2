import type { SearchConfig } from "../config/config-schema.js";
import { urlToOutputPath } from "../site/check-url-path.js";
import type { SiteView } from "../site/site-view.js";
import { TemplateRenderError } from "../templates/create-template-engine.js";
import {
  layoutGlobals,
  type PageInfo,
  type RenderContext,
  type RenderedPage,
} from "../templates/render-subject.js";
import { type FallbackForm, fallbackForm } from "./fallback-form.js";
import { isIndexed, searchFolder } from "./plan-buckets.js";

/** The URL of the search page. */
const searchPageUrl = "/search/";

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
export function renderSearchPage(context: RenderContext): RenderedPage | undefined {
  const { view: site, helpers } = context;
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
    const { html, templates } = context.engine.renderTracked(
      "layouts/search",
      { page, search, ...layoutGlobals(context) },
      "the search page",
    );
    return { file: { path: urlToOutputPath(searchPageUrl), data: html }, templates };
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    context.report(error.diagnostic);
    return undefined;
  }
}

/** The names of the terms of a kind that some published article carries, alphabetically. */
function filterValues(view: SiteView, name: SearchFilter["name"]): string[] {
  const prefix = name === "section" ? "s:" : name === "tag" ? "t:" : "a:";
  const keys =
    name === "section"
      ? view.sectionIds().map((id) => `s:${id}`)
      : view.model.listKeys().filter((key) => key.startsWith(prefix));
  return keys
    .filter((key) =>
      view.model.list(key).some((id) => {
        const entry = view.model.entry(id);
        return entry !== undefined && isIndexed(entry, view.now);
      }),
    )
    .map((key) => view.term(key).name)
    .sort((a, b) => a.localeCompare(b, view.config.site.language));
}
