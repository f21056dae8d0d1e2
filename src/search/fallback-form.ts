/** How the search form submits when the browser runs no script: a GET to an external engine. */
export interface FallbackForm {
  /** The form's `action`: the URL without its query. */
  readonly action: string;
  /** The name of the text field (the parameter whose value was `{query}`, default `q`). */
  readonly field: string;
  /** The URL's other parameters, sent as hidden fields. */
  readonly hidden: readonly (readonly [name: string, value: string])[];
}

/**
 * Turns `search.fallbackUrl` into a form: `https://duckduckgo.com/?sites=news.example.org`
 * becomes a GET to `https://duckduckgo.com/` with `sites` hidden and the words in `q`;
 * `https://www.google.com/search?as_sitesearch=news.example.org&q={query}` names its field.
 */
export function fallbackForm(fallbackUrl: string): FallbackForm {
  const url = new URL(fallbackUrl);
  let field = "q";
  const hidden: [string, string][] = [];
  for (const [name, value] of url.searchParams) {
    if (value === "{query}") field = name;
    else hidden.push([name, value]);
  }
  url.search = "";
  url.hash = "";
  return { action: url.href, field, hidden: hidden.filter(([name]) => name !== field) };
}
