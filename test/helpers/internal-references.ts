import { readFile } from "node:fs/promises";
import path from "node:path";
import * as cheerio from "cheerio";
import { listFiles } from "../../src/files/list-files.js";

/** One URL an output file makes the browser load or follow. */
export interface Reference {
  /** The output file it is in (`news/index.html`, `assets/style.1a2b3c4d5e.css`). */
  readonly file: string;
  /** What holds it: `link[href]`, `img[srcset]`, `meta[refresh]`, `css url()`. */
  readonly where: string;
  readonly url: string;
}

/** What {@link checkReferences} found in an output folder. */
export interface ReferenceCheck {
  /** References to the site itself (relative, root-relative or on `siteUrl`). */
  readonly internal: readonly Reference[];
  /** Internal references with no file in the output folder to serve them. */
  readonly unresolved: readonly Reference[];
  /** References leaving the site. */
  readonly external: readonly Reference[];
}

/**
 * Reads every HTML page (`href`, `src`, `srcset`, refresh redirects) and every stylesheet
 * (`url()`) of a built site and resolves each internal URL the way a static host would: a path
 * ending in `/` is its `index.html`, any other is the file itself or its folder's `index.html`.
 * Fragments, `mailto:`, `tel:` and `data:` URLs are not references to files.
 */
export async function checkReferences(outDir: string, siteUrl: string): Promise<ReferenceCheck> {
  const origin = new URL(siteUrl).origin;
  const files = new Set(await listFiles(outDir));
  const internal: Reference[] = [];
  const unresolved: Reference[] = [];
  const external: Reference[] = [];
  for (const file of [...files].filter((f) => /\.(html|css)$/.test(f))) {
    const text = await readFile(path.join(outDir, file), "utf8");
    const found = file.endsWith(".css") ? referencesInCss(text) : referencesInHtml(text);
    const base = new URL(`/${file}`.replace(/(^|\/)index\.html$/, "$1"), origin);
    for (const { where, url } of found) {
      if (url.startsWith("#") || /^(mailto|tel|data):/i.test(url)) continue;
      const reference = { file, where, url };
      const target = new URL(url, base);
      if (target.origin !== origin) {
        external.push(reference);
        continue;
      }
      internal.push(reference);
      const pathname = decodeURIComponent(target.pathname).slice(1);
      const candidates =
        pathname === "" || pathname.endsWith("/")
          ? [`${pathname}index.html`]
          : [pathname, `${pathname}/index.html`];
      if (!candidates.some((candidate) => files.has(candidate))) unresolved.push(reference);
    }
  }
  return { internal, unresolved, external };
}

function referencesInHtml(html: string): { where: string; url: string }[] {
  const $ = cheerio.load(html);
  const found: { where: string; url: string }[] = [];
  const add = (where: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== "") found.push({ where, url: value.trim() });
  };
  $("[href]").each((_, el) => add(`${el.tagName}[href]`, $(el).attr("href")));
  $("[src]").each((_, el) => add(`${el.tagName}[src]`, $(el).attr("src")));
  $("[srcset]").each((_, el) => {
    for (const candidate of ($(el).attr("srcset") ?? "").split(",")) {
      add(`${el.tagName}[srcset]`, candidate.trim().split(/\s+/)[0]);
    }
  });
  $('meta[http-equiv="refresh"]').each((_, el) =>
    add("meta[refresh]", /url=(.+)$/i.exec($(el).attr("content") ?? "")?.[1]),
  );
  $("style").each((_, el) => {
    found.push(...referencesInCss($(el).text()));
  });
  return found;
}

function referencesInCss(css: string): { where: string; url: string }[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const found: { where: string; url: string }[] = [];
  for (const [where, pattern] of [
    ["css url()", /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/g],
    ["css @import", /@import\s+(?:"([^"]*)"|'([^']*)')/g],
  ] as const) {
    for (const match of withoutComments.matchAll(pattern)) {
      const url = (match[1] ?? match[2] ?? match[3] ?? "").trim();
      if (url !== "") found.push({ where, url });
    }
  }
  return found;
}
