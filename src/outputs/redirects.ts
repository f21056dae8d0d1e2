import type { LazyTable } from "../cache/lazy-table.js";
import type { SiteView } from "../site/site-view.js";
import type { OutputFile } from "../write/output-file.js";

/** One old URL that must keep working. */
export interface Redirect {
  readonly from: string;
  readonly to: string;
}

/** Every alias of every included article, sorted by old URL (the build state's table). */
export function collectRedirects(view: SiteView, aliases: LazyTable<number>): Redirect[] {
  const redirects: Redirect[] = [];
  for (const [from, id] of aliases.entries()) {
    const to = view.model.entry(id)?.url;
    if (to !== undefined) redirects.push({ from, to });
  }
  return redirects;
}

/**
 * `_redirects` in the Netlify / Cloudflare Pages format: `from to 301`, one per line. Hosts that
 * do not read it still get the redirect pages.
 */
export function redirectsFile(redirects: readonly Redirect[]): OutputFile {
  return { path: "_redirects", data: redirects.map((r) => `${r.from} ${r.to} 301\n`).join("") };
}
