import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as cheerio from "cheerio";
import { type BuildOptions, type BuildResult, build } from "../../src/build.js";
import { listFiles } from "../../src/files/list-files.js";

/** The repository root (the sample site). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Default build time of tests: fixed, so every test is deterministic. */
export const testNow = Date.parse("2026-11-28T10:00:00Z");

/** A site built into a temporary folder, with readers for its output. */
export interface BuiltSite {
  readonly root: string;
  readonly outDir: string;
  readonly result: BuildResult;
  /** Reads an output file as text (path relative to the output folder). */
  read(outputPath: string): Promise<string>;
  /** Parses an output HTML page (`/politics/` or `politics/index.html`) with cheerio. */
  page(urlOrPath: string): Promise<cheerio.CheerioAPI>;
  /** Every output file, relative, sorted. */
  files(): Promise<string[]>;
  /** Removes the temporary folders. */
  cleanup(): Promise<void>;
}

/** A site as an inline file tree: relative path to contents. */
export type FileTree = Readonly<Record<string, string | Uint8Array>>;

/** Writes a file tree into a new temporary folder and returns its path. */
export async function writeTree(tree: FileTree): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "newsdeck-site-"));
  for (const [name, contents] of Object.entries(tree)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  return root;
}

/**
 * Copies a site's sources (content, public files, templates, config) into a new temporary
 * folder, without its output or cache: what a clean build of the same sources starts from.
 */
export async function copySources(root: string): Promise<string> {
  const copy = await writeTree({});
  const sources = ["content/**", "public/**", "templates/**", "newsdeck.config.*"];
  for (const file of await listFiles(root, sources)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    await writeFile(path.join(copy, file), await readFile(path.join(root, file)));
  }
  return copy;
}

/** Copies a named fixture site (`test/fixtures/<name>/`) into a new temporary folder. */
export async function copyFixture(name: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `newsdeck-${name}-`));
  await cp(path.join(repoRoot, "test", "fixtures", name), root, { recursive: true });
  return root;
}

/**
 * Builds a site from a fixture name or an inline file tree into a temporary output folder.
 * The site is copied first, so tests may edit it freely.
 */
export async function buildSite(
  source: string | FileTree,
  options: Partial<BuildOptions> = {},
): Promise<BuiltSite> {
  const root = typeof source === "string" ? await copyFixture(source) : await writeTree(source);
  const outDir = options.outDir ?? path.join(root, "dist");
  const result = await build({ root, outDir, now: testNow, ...options });
  return openBuiltSite(root, outDir, result);
}

/** Wraps an already built output folder with the readers of {@link BuiltSite}. */
export function openBuiltSite(root: string, outDir: string, result: BuildResult): BuiltSite {
  return {
    root,
    outDir,
    result,
    read: (outputPath) => readFile(path.join(outDir, outputPath), "utf8"),
    async page(urlOrPath) {
      const file = urlOrPath.startsWith("/")
        ? urlOrPath.endsWith("/")
          ? `${urlOrPath.slice(1)}index.html`
          : urlOrPath.slice(1)
        : urlOrPath;
      return cheerio.load(await readFile(path.join(outDir, file), "utf8"));
    },
    files: () => listFiles(outDir, ["**/*", ".newsdeck/**"]),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Minimal front matter + body for inline test articles. */
export function article(fields: Record<string, unknown>, body = "A paragraph of text."): string {
  const lines = Object.entries(fields).map(
    ([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
  return `---\n${lines.join("\n")}\n---\n${body}\n`;
}

/** Every file of an output folder (hidden `.newsdeck/` included) with the SHA-256 of its bytes. */
export async function hashOutputFiles(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await listFiles(dir, ["**/*", ".newsdeck/**"])) {
    result[file] = createHash("sha256")
      .update(await readFile(path.join(dir, file)))
      .digest("hex");
  }
  return result;
}
