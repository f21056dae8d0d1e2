import type { Site } from "../site/model.js";
import type { OutputFile } from "./output-file.js";

/**
 * `robots.txt` that allows every crawler and names both sitemaps by absolute URL. Written only
 * when the site has no `public/robots.txt` of its own (the caller checks): a newsroom's own file
 * always wins.
 */
export function robotsFile(site: Site): OutputFile {
  return {
    path: "robots.txt",
    data: [
      "User-agent: *",
      "Allow: /",
      "",
      `Sitemap: ${site.baseUrl}/sitemap.xml`,
      `Sitemap: ${site.baseUrl}/news-sitemap.xml`,
      "",
    ].join("\n"),
  };
}
