import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import { expect } from "vitest";
import { build } from "../../src/build.js";
import { listFiles } from "../../src/files/list-files.js";
import { type ImportOptions, type ImportResult, importSite } from "../../src/import/import-site.js";
import { type BuiltSite, openBuiltSite, repoRoot, testNow } from "../helpers/build-site.js";

/** An archive imported into a temporary folder and built at the tests' fixed time. */
export interface ImportedSite {
  readonly result: ImportResult;
  readonly site: BuiltSite;
  /** A file of the imported site (`content/...`), as text. */
  source(relative: string): Promise<string>;
  /** The report's `path:line  Code  message` lines. */
  reportLines(): Promise<string[]>;
  /** Every text output file, joined: for "leaves no trace" checks. */
  allOutputText(): Promise<string>;
  cleanup(): Promise<void>;
}

/** A fixture under `test/fixtures/`. */
export function fixture(...parts: string[]): string {
  return path.join(repoRoot, "test", "fixtures", ...parts);
}

/**
 * Imports an archive into a new temporary folder, then builds the imported site as it is with
 * the tests' fixed `--now`, and fails unless the build reports nothing at all (no warning
 * either) and a check with drafts and future stories (what `newsdeck dev` builds) has no error.
 */
export async function importAndBuild(options: Omit<ImportOptions, "out">): Promise<ImportedSite> {
  const parent = await mkdtemp(path.join(tmpdir(), "newsdeck-import-"));
  const out = path.join(parent, "site");
  const result = await importSite({ ...options, out });
  const outDir = path.join(out, "dist");
  const preview = await build({
    root: out,
    now: testNow,
    drafts: true,
    future: true,
    dryRun: true,
  });
  expect(preview.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const built = await build({ root: out, outDir, now: testNow });
  expect(built.diagnostics).toEqual([]);
  expect(built.exitCode).toBe(0);
  const site = openBuiltSite(out, outDir, built);
  return {
    result,
    site,
    source: (relative) => readFile(path.join(out, relative), "utf8"),
    async reportLines() {
      const report = await readFile(result.reportFile, "utf8");
      return report
        .split("\n")
        .filter((line) => line.startsWith("- `"))
        .map((line) => line.replace(/^- `([^`]*)`/, "$1"));
    },
    async allOutputText() {
      const files = await listFiles(outDir, ["**/*", ".newsdeck/**"]);
      const texts = await Promise.all(
        files
          .filter((file) => /\.(?:html|xml|json|txt)$|_redirects|_headers/.test(file))
          .map(async (file) => `${file}\n${await readFile(path.join(outDir, file), "utf8")}`),
      );
      return [...files, ...texts].join("\n");
    },
    cleanup: () => rm(parent, { recursive: true, force: true }),
  };
}

/** A published source story and where it must be found after the import. */
export interface MovedStory {
  readonly title: string;
  /** Where the old site served it (undefined when it had no URL a static host can redirect). */
  readonly oldUrl: string | undefined;
  readonly newUrl: string;
}

/**
 * The story has a page at its new URL with its headline, and its old URL has a redirect page
 * pointing there and a `_redirects` line.
 */
export async function expectMoved(site: BuiltSite, story: MovedStory): Promise<void> {
  const $ = await site.page(story.newUrl);
  expect($("h1#headline").text(), `${story.newUrl} shows its headline`).toBe(story.title);
  if (story.oldUrl === undefined) return;
  const redirects = (await site.read("_redirects")).split("\n");
  expect(redirects, `_redirects sends ${story.oldUrl} on`).toContain(
    `${story.oldUrl} ${story.newUrl} 301`,
  );
  const oldPage = story.oldUrl.endsWith(".html")
    ? story.oldUrl
    : `${story.oldUrl.replace(/\/?$/, "/")}`;
  const $old = await site.page(oldPage);
  expect($old('meta[http-equiv="refresh"]').attr("content")).toBe(`0; url=${story.newUrl}`);
}

/** None of `markers` (titles, slugs, old paths of hidden stories) appears in the output. */
export function expectNoTrace(allOutput: string, markers: readonly string[]): void {
  for (const marker of markers) {
    expect(allOutput.includes(marker), `the output mentions "${marker}"`).toBe(false);
  }
}

/** Each expected line starts one of the report's lines (`path:line  Code  message...`). */
export function expectReportLines(lines: readonly string[], expected: readonly string[]): void {
  for (const start of expected) {
    expect(
      lines.some((line) => line.startsWith(start)),
      start,
    ).toBe(true);
  }
}

/**
 * What an `::embed` block shows on a page: the frame it loads once the reader presses play,
 * where its link goes, its title and caption; and that no frame is in the page before that.
 */
export function embedShown(figure: ReturnType<CheerioAPI>) {
  expect(figure.length, "one embed block").toBe(1);
  expect(figure.find("iframe").length, "no frame before the reader asks").toBe(0);
  return {
    src: figure.attr("data-embed-src"),
    link: figure.find("a.embed__link").attr("href"),
    title: figure.find(".embed__title").text(),
    caption: figure.find("figcaption").text(),
  };
}

/** What a `:::pullquote` block shows on a page: the quotation and who said it. */
export function pullquoteShown(figure: ReturnType<CheerioAPI>) {
  expect(figure.length, "one pull quote").toBe(1);
  return {
    quote: figure.find("blockquote").text().trim(),
    cite: figure.find("figcaption").text(),
  };
}
