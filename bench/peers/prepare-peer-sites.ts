import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A peer generator ready to build the corpus: the command to time, or why it is skipped. */
export type Peer =
  | { readonly name: string; readonly command: string; readonly args: (out: string) => string[] }
  | { readonly name: string; readonly skipped: string };

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Prepares the peers' sites from the corpus under `work` (not timed): Hugo and Eleventy, each
 * with its smallest config that renders every article page and the section and tag listings.
 * A peer that is not installed (Hugo: Debian's `hugo`; Eleventy: `npm ci` into
 * bench/peers/eleventy on first use) is skipped with the reason, never faked.
 */
export async function preparePeers(
  corpus: string,
  work: string,
  names: readonly string[] = ["hugo", "eleventy"],
): Promise<Peer[]> {
  const peers: Peer[] = [];
  if (names.includes("hugo")) peers.push(await prepareHugo(corpus, work));
  if (names.includes("eleventy")) peers.push(await prepareEleventy(corpus, work));
  return peers;
}

/** Every article of the corpus: its path under content/articles/ and its section. */
async function corpusArticles(corpus: string): Promise<{ file: string; section: string }[]> {
  const dir = path.join(corpus, "content", "articles");
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(dir, file), "utf8");
      const section = /^section: *"?([^"\n]+)"?$/m.exec(text)?.[1];
      if (!section) throw new Error(`${file} has no section`);
      return { file, section };
    }),
  );
}

async function prepareHugo(corpus: string, work: string): Promise<Peer> {
  const name = "hugo";
  const version = spawnSync("hugo", ["version"], { encoding: "utf8" });
  if (version.status !== 0) {
    return { name, skipped: "hugo is not installed (apt-get install -y hugo)" };
  }
  const site = path.join(work, "hugo-site");
  await cp(path.join(here, "hugo", "site"), site, { recursive: true });
  // Hugo's sections are the first folders under content/: each article goes under its own.
  for (const { file, section } of await corpusArticles(corpus)) {
    const target = path.join(site, "content", section, file);
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(corpus, "content", "articles", file), target);
  }
  return {
    name,
    command: "hugo",
    args: (out) => ["--source", site, "--destination", out, "--quiet", "--cleanDestinationDir"],
  };
}

async function prepareEleventy(corpus: string, work: string): Promise<Peer> {
  const name = "eleventy";
  const project = path.join(here, "eleventy");
  const cli = path.join(project, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  if (!existsSync(cli)) {
    console.log("installing Eleventy for the benchmark (npm ci --prefix bench/peers/eleventy)…");
    const installed = spawnSync("npm", ["ci", "--prefix", project, "--no-audit", "--no-fund"], {
      stdio: "inherit",
    });
    if (installed.status !== 0 || !existsSync(cli)) {
      return { name, skipped: "npm ci in bench/peers/eleventy failed" };
    }
  }
  const site = path.join(work, "eleventy-site");
  await cp(path.join(project, "site"), site, { recursive: true });
  await cp(path.join(corpus, "content", "articles"), path.join(site, "articles"), {
    recursive: true,
  });
  // Directory data: every article page uses the article layout.
  await writeFile(
    path.join(site, "articles", "articles.json"),
    `${JSON.stringify({ layout: "article.liquid" })}\n`,
  );
  return {
    name,
    command: process.execPath,
    args: (out) => [
      cli,
      `--config=${path.join(project, "eleventy.config.mjs")}`,
      `--input=${site}`,
      `--output=${out}`,
      "--quiet",
    ],
  };
}
