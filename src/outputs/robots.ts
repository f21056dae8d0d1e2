import type { OutputFile } from "../write/output-file.js";

/**
 * `robots.txt` that allows every crawler and names both sitemaps by absolute URL. Written only
 * when the site has no `public/robots.txt` of its own (the caller checks): a newsroom's own file
 * always wins.
 */
export function robotsFile(baseUrl: string): OutputFile {
  return {
    path: "robots.txt",
    data: [
      "User-agent: *",
      "Allow: /",
      "",
      `Sitemap: ${baseUrl}/sitemap.xml`,
      `Sitemap: ${baseUrl}/news-sitemap.xml`,
      "",
    ].join("\n"),
  };
}
