import type { Site } from "../site/model.js";
import { checkUrlPath, urlToOutputPath } from "../write/check-url-path.js";
import type { OutputFile } from "./output-file.js";

/** One old URL that must keep working. */
export interface Redirect {
  readonly from: string;
  readonly to: string;
}

/** Every alias of every included article, sorted by old URL. Unsafe aliases are skipped (assembly reported them). */
export function collectRedirects(site: Site): Redirect[] {
  const redirects: Redirect[] = [];
  for (const article of site.articles) {
    for (const alias of article.aliases) {
      const checked = checkUrlPath(alias.startsWith("/") ? alias : `/${alias}`);
      if (checked.ok) redirects.push({ from: checked.url, to: article.url });
    }
  }
  return redirects.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * `_redirects` in the Netlify / Cloudflare Pages format: `from to 301`, one per line. Hosts that
 * do not read it still get the redirect pages.
 */
export function redirectsFile(redirects: readonly Redirect[]): OutputFile {
  return { path: "_redirects", data: redirects.map((r) => `${r.from} ${r.to} 301\n`).join("") };
}

/** The output path of an alias's redirect page. */
export function redirectPagePath(redirect: Redirect): string {
  return urlToOutputPath(
    redirect.from.endsWith("/") || redirect.from.endsWith(".html")
      ? redirect.from
      : `${redirect.from}/`,
  );
}
