import { engineVersion } from "../cache/engine-version.js";
import { hashKey } from "../cache/hash.js";
import type { ResolvedConfig } from "../config/config-schema.js";
import { bucketLayout } from "../search/plan-buckets.js";
import { pagefindVersion } from "../search/search-outputs.js";
import type { PreviewFlags } from "../site/decide-visibility.js";
import type { SiteView } from "../site/site-view.js";
import { formatIsoInZone } from "../site/time.js";

/**
 * The digest of what every page shows besides its own data: the engine, the config, preview
 * flags, the base URL, minifying, the theme assets' hashed names, the icon, the navigation (sections),
 * the footer (static pages), the year and the disclaimer partials that exist. When it changes,
 * every output renders again.
 */
export function globalKey(input: {
  readonly config: ResolvedConfig;
  readonly flags: PreviewFlags;
  readonly baseUrl: string;
  readonly minify: boolean;
  readonly assets: ReadonlyMap<string, string>;
  /** The icon every page links (a site's own, or the theme's). */
  readonly favicon: unknown;
  readonly view: SiteView;
  readonly disclaimerPartials: ReadonlySet<string>;
}): string {
  const { view } = input;
  return hashKey(
    engineVersion,
    input.config,
    input.flags,
    input.baseUrl,
    input.minify,
    [...input.assets],
    input.favicon ?? null,
    view.navigation(),
    view.pages.map((page) => [page.url, page.title, page.file]),
    formatIsoInZone(view.now, input.config.site.timezone).slice(0, 4),
    [...input.disclaimerPartials].sort(),
    // A new Pagefind indexes differently, and a new bucket layout spreads stories differently:
    // every bucket is indexed again.
    input.config.search.enabled ? [pagefindVersion(), bucketLayout] : null,
  );
}
