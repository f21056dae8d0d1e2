import { existsSync } from "node:fs";
import path from "node:path";
import type { ImageRegistry } from "../images/image-registry.js";
import type { Site } from "../site/model.js";
import type { TemplateEngine } from "../templates/create-template-engine.js";
import { TemplateRenderError } from "../templates/create-template-engine.js";
import type { RenderContext } from "../templates/render-pages.js";
import type { OutputWriter } from "../write/output-writer.js";
import { listFiles } from "./collect-files.js";
import type { FeedContent } from "./feed-content.js";
import { feedFiles } from "./feeds.js";
import { newsSitemapFile } from "./news-sitemap.js";
import type { OutputFile } from "./output-file.js";
import { collectRedirects, redirectPagePath, redirectsFile } from "./redirects.js";
import { robotsFile } from "./robots.js";
import { sitemapFiles, siteSitemapEntries } from "./sitemaps.js";

/** What the site-wide outputs need. */
export interface SiteOutputsInput {
  readonly root: string;
  readonly site: Site;
  readonly engine: TemplateEngine;
  readonly context: RenderContext;
  readonly writer: OutputWriter;
  readonly assets: readonly OutputFile[];
  readonly images: ImageRegistry;
  /** Bodies and images feeds need, collected while pages rendered. */
  readonly feedContent: FeedContent;
}

/**
 * Writes everything that is not a content page: alias redirect pages and `_redirects`, theme
 * assets, published images, and `public/` as-is. Built from metadata only.
 */
export async function writeSiteOutputs(input: SiteOutputsInput): Promise<void> {
  const { site, writer, context } = input;
  for (const file of siteFiles(input)) await writer.write(file);
  for (const file of input.assets) await writer.write(file);
  for (const file of input.images.outputs()) await writer.write(file);
  for (const name of await listFiles(path.join(input.root, "public"))) {
    // public/_headers is merged into the generated _headers (outputs/headers.ts), not copied.
    if (name === "_headers") continue;
    await writer.write({ path: name, copyFrom: path.join(input.root, "public", name) });
  }
  void site;
  void context;
}

function* siteFiles(input: SiteOutputsInput): Generator<OutputFile> {
  const { site, engine, context } = input;
  const redirects = collectRedirects(site);
  for (const redirect of redirects) {
    try {
      const html = engine.render(
        "layouts/alias",
        {
          target: redirect.to,
          targetAbsolute: context.helpers.abs(redirect.to),
          site: site.config.site,
          h: context.helpers,
        },
        `the redirect ${redirect.from}`,
      );
      yield { path: redirectPagePath(redirect), data: html };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      context.report(error.diagnostic);
    }
  }
  yield redirectsFile(redirects);
  yield* feedFiles(site, input.feedContent);
  yield* sitemapFiles(siteSitemapEntries(site), {
    baseUrl: site.baseUrl,
    timeZone: site.config.site.timezone,
  });
  yield newsSitemapFile(site);
  if (!existsSync(path.join(input.root, "public", "robots.txt"))) yield robotsFile(site);
}
