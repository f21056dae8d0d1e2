import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { copySources, testNow, writeTree } from "../helpers/build-site.js";

const config = `export default { site: { title: "T", url: "https://example.org" }, sections: { news: { title: "News" } } };\n`;

const story = (slug: string, day: number, body: string) =>
  `---\ntitle: "Story ${slug}"\nslug: ${slug}\ndate: 2026-11-${String(day).padStart(2, "0")}T08:00:00Z\nsection: news\n---\n${body}\n`;

const page = `---\ntitle: "Corrections"\n---\nHow we correct stories.\n`;

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

const run = (root: string) => build({ root, now: testNow, threads: 0 });

/** The broken-link warnings of a build: file, line and the URL named. */
async function brokenLinks(root: string): Promise<string[]> {
  const result = await run(root);
  expect(result.exitCode).toBe(0);
  return result.diagnostics
    .filter((diagnostic) => diagnostic.code === "LinkBroken")
    .map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.message}`)
    .sort();
}

/** The warnings a clean build of the site's sources gives, for comparison. */
async function cleanBrokenLinks(root: string): Promise<string[]> {
  const copy = await copySources(root);
  roots.push(copy);
  return brokenLinks(copy);
}

describe("body links checked against the site's pages", { timeout: 120_000 }, () => {
  it("warn as a clean build does when the pages they point to go and come back", async () => {
    // Sixty stories that link to one another: a build that changes a few pages looks up the
    // links to each changed path, and one that changes more walks the links instead. The links
    // without a trailing slash land on a folder's index.html, which both ways must see.
    const url = (i: number) =>
      `/news/2026/11/${String((i % 18) + 1).padStart(2, "0")}/filler-${i}/`;
    const tree: Record<string, string> = {
      "newsdeck.config.mjs": config,
      "content/articles/linker.md": story(
        "linker",
        25,
        "See [the harbour story](/news/2026/11/20/harbour).\n\nAnd [corrections](/corrections).",
      ),
      "content/articles/harbour.md": story("harbour", 20, "The harbour."),
    };
    for (let i = 0; i < 60; i++)
      tree[`content/articles/filler-${i}.md`] = story(
        `filler-${i}`,
        (i % 18) + 1,
        `See [one](${url((i + 1) % 60)}) and [two](${url((i + 2) % 60)}).`,
      );
    const root = await writeTree(tree);
    roots.push(root);
    const harbour = path.join(root, "content/articles/harbour.md");
    const corrections = path.join(root, "content/pages/corrections.md");
    const harbourBroken =
      "content/articles/linker.md:7 link to /news/2026/11/20/harbour points to no page of this site";
    const correctionsBroken =
      "content/articles/linker.md:9 link to /corrections points to no page of this site";

    expect(await brokenLinks(root)).toEqual([correctionsBroken]);

    await rm(harbour);
    const gone = await brokenLinks(root);
    expect(gone).toEqual([harbourBroken, correctionsBroken]);
    expect(gone).toEqual(await cleanBrokenLinks(root));

    await mkdir(path.dirname(corrections), { recursive: true });
    await writeFile(corrections, page);
    const came = await brokenLinks(root);
    expect(came).toEqual([harbourBroken]);
    expect(came).toEqual(await cleanBrokenLinks(root));

    // The story comes back in a build that changes every page (a new footer).
    await writeFile(harbour, story("harbour", 20, "The harbour."));
    const footer = await readFile(
      path.join(import.meta.dirname, "..", "..", "templates", "partials", "site-footer.eta"),
      "utf8",
    );
    await mkdir(path.join(root, "templates", "partials"), { recursive: true });
    await writeFile(
      path.join(root, "templates", "partials", "site-footer.eta"),
      `${footer}<p>Printed on recycled electrons.</p>\n`,
    );
    expect(await brokenLinks(root)).toEqual([]);

    await rm(corrections);
    expect(await brokenLinks(root)).toEqual([correctionsBroken]);
  });
});
