import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { listFiles } from "../../src/files/list-files.js";
import { hashOutputFiles } from "../helpers/build-site.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { expectSameAsClean } from "./expect-same-as-clean.js";
import { type NewsroomEdit, NewsroomUnderEdit, newsroomEdits } from "./newsroom-under-edit.js";

const start = Date.parse("2026-06-10T12:00:00Z");

function articleText(title: string, date: string, tags: readonly string[], body: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\nsection: news\ntags: ${JSON.stringify(tags)}\n---\n${body}\n`;
}

/** A small site on disk that edits change in place, as a writer's checkout would. */
class EditableSite {
  counter = 0;
  perPage = 2;
  now = start;
  constructor(readonly root: string) {}

  async init(): Promise<void> {
    await this.writeConfig();
    await this.add("Water", "2026-06-01T08:00:00Z");
    await this.add("Courts", "2026-06-05T08:00:00Z");
    await this.add("Water", "2026-06-09T08:00:00Z");
    // Embargoed until a day after the start: the "time" edit lifts it.
    await this.add("Energy", "2026-06-11T08:00:00Z");
  }

  async articles(): Promise<string[]> {
    return listFiles(path.join(this.root, "content", "articles"));
  }

  async add(tag: string, date?: string): Promise<void> {
    this.counter++;
    const when = date ?? new Date(this.now - (this.counter % 5) * 3600_000).toISOString();
    const file = path.join(this.root, "content", "articles", `story-${this.counter}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      articleText(
        `Story ${this.counter}`,
        when,
        [tag],
        `Body of story ${this.counter}, with a [link](/news/).`,
      ),
    );
  }

  private async writeConfig(): Promise<void> {
    await writeFile(
      path.join(this.root, "newsdeck.config.mjs"),
      `export default { site: { title: "Edit Test", url: "https://edit.example" }, pagination: { perPage: ${this.perPage} } };\n`,
    );
  }
}

describe("incremental builds", { timeout: 600_000 }, () => {
  const temp = tempFolders();

  it("produce the same files as a clean build after any sequence of edits, of every kind", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(newsroomEdits, { minLength: 1, maxLength: 6 }),
        async (sequence) => {
          const site = new NewsroomUnderEdit(await temp("newsdeck-incremental-"));
          await site.init();
          const outDir = path.join(site.root, "dist");
          const first = await build({ root: site.root, outDir, now: site.now });
          expect(first.exitCode).toBe(0);
          for (const edit of sequence) {
            await site.apply(edit);
            await expectSameAsClean(site.root, outDir, site.now, temp, edit);
          }
        },
      ),
      { numRuns: 10 },
    );
  });

  it("keep story blocks exact: a related card follows its story, a block's partial its pages", async () => {
    const site = new NewsroomUnderEdit(await temp("newsdeck-blocks-"));
    await site.init();
    const outDir = path.join(site.root, "dist");
    expect((await build({ root: site.root, outDir, now: site.now })).exitCode).toBe(0);
    // story-2 is the card's story (files are listed in order: 2026/blocks.md, then 2026/story-*).
    const files = await site.articles();
    const target = files.indexOf("2026/story-2.md");
    expect(target).toBeGreaterThan(-1);
    const sequence: NewsroomEdit[] = [
      { kind: "title", which: target, text: "A new headline" },
      { kind: "draft", which: target },
      { kind: "body", which: target },
      { kind: "draft", which: target },
      { kind: "blockTemplate" },
      { kind: "date", which: target, days: 3 },
      { kind: "clock", hours: 80 },
      { kind: "card", which: files.indexOf("2026/story-3.md") },
      { kind: "embeds" },
      { kind: "blockTemplate" },
      { kind: "move", which: files.indexOf("2026/story-3.md") },
      { kind: "card", which: files.indexOf("2026/story-4.md") },
      { kind: "page" },
    ];
    for (const edit of sequence) {
      await site.apply(edit);
      await expectSameAsClean(site.root, outDir, site.now, temp, edit);
    }
  });

  it("render again exactly the pages that show a block when its partial changes", async () => {
    const root = await temp("newsdeck-block-partial-");
    const write = async (rel: string, text: string) => {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), text);
    };
    await write("newsdeck.config.mjs", 'export default { feeds: { content: "summary" } };\n');
    for (const [slug, day, body] of [
      ["plain", "01", "No blocks here."],
      ["boxed", "02", ':::factbox{title="Facts"}\n- One\n:::'],
      ["quoted", "03", ":::pullquote\nWords.\n:::"],
      ["boxed-too", "04", 'Text.\n\n:::factbox{title="More facts"}\n- Two\n:::'],
    ])
      await write(
        `content/articles/${slug}.md`,
        `---\ntitle: ${slug}\ndate: 2026-06-${day}T08:00:00Z\nsection: news\n---\n${body}\n`,
      );
    const outDir = path.join(root, "dist");
    expect((await build({ root, outDir, now: start })).exitCode).toBe(0);
    await write(
      "templates/directives/factbox.eta",
      '<div class="facts"><%~ it.children %></div>\n',
    );
    const after = await build({ root, outDir, now: start });
    expect(after.exitCode).toBe(0);
    expect([...(after.changes?.changed.keys() ?? [])].sort()).toEqual([
      ".newsdeck/manifest.json",
      "news/2026/06/02/boxed/index.html",
      "news/2026/06/04/boxed-too/index.html",
    ]);
  });

  it("take unchanged pages from the previous build instead of rewriting them", async () => {
    const site = new EditableSite(await temp("newsdeck-reuse-"));
    await site.init();
    const outDir = path.join(site.root, "dist");
    await build({ root: site.root, outDir, now: site.now });
    const before = await hashOutputFiles(outDir);
    const older = ["news/2026/06/01/story-1/index.html", "news/2026/06/05/story-2/index.html"];
    const inodes = await Promise.all(
      older.map(async (name) => (await stat(path.join(outDir, name))).ino),
    );
    // Edit the newest published story: related links only point to earlier stories, so no
    // older article page shows it.
    const file = path.join(site.root, "content", "articles", "story-3.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("Story 3", "Story three, renamed"),
    );
    const after = await build({ root: site.root, outDir, now: site.now });
    expect(after.exitCode).toBe(0);
    const now = await hashOutputFiles(outDir);
    const changed = Object.keys(now)
      .filter((name) => now[name] !== before[name])
      .sort();
    expect(changed).toContain("news/2026/06/09/story-3/index.html");
    expect(changed).toContain("news/index.html");
    for (const name of older) expect(changed).not.toContain(name);
    // Not rewritten either: the same file (inode) carried over into the new output.
    expect(
      await Promise.all(older.map(async (name) => (await stat(path.join(outDir, name))).ino)),
    ).toEqual(inodes);
  });

  it("ignore a damaged cache and still build the same files", async () => {
    const site = new EditableSite(await temp("newsdeck-damaged-"));
    await site.init();
    const outDir = path.join(site.root, "dist");
    await build({ root: site.root, outDir, now: site.now });
    const expected = await hashOutputFiles(outDir);
    const cacheDir = path.join(site.root, ".newsdeck-cache");
    // Truncate every cached body and the article pages, then corrupt the index.
    for (const name of await listFiles(path.join(cacheDir, "bodies"))) {
      const file = path.join(cacheDir, "bodies", name);
      await writeFile(file, (await readFile(file, "utf8")).slice(0, 90));
    }
    const damagedBodies = await build({ root: site.root, outDir, now: site.now });
    expect(damagedBodies.exitCode).toBe(0);
    expect(await hashOutputFiles(outDir)).toEqual(expected);

    await writeFile(
      path.join(cacheDir, "state", "build.tsv"),
      'newsdeck-state {"engine": "0.0.0-other", "truncated',
    );
    const damagedIndex = await build({ root: site.root, outDir, now: site.now });
    expect(damagedIndex.exitCode).toBe(0);
    expect(damagedIndex.diagnostics.map((d) => d.code)).toContain("CacheIgnored");
    expect(await hashOutputFiles(outDir)).toEqual(expected);
  });

  it("render the same bodies on a worker pool as in one thread", async () => {
    const root = await temp("newsdeck-pool-");
    for (let i = 0; i < 60; i++) {
      const file = path.join(root, "content", "articles", `p${String(i).padStart(2, "0")}.md`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(
        file,
        articleText(
          `Pool story ${i}`,
          `2026-05-${String((i % 28) + 1).padStart(2, "0")}T10:00:00Z`,
          ["Pool"],
          `"Quoted" text ${i}.\n\n| a | b |\n|---|---|\n| ${i} | x |`,
        ),
      );
    }
    const pooled = await build({
      root,
      outDir: path.join(root, "a"),
      cacheDir: path.join(root, "ca"),
      now: start,
      threads: 2,
    });
    const inline = await build({
      root,
      outDir: path.join(root, "b"),
      cacheDir: path.join(root, "cb"),
      now: start,
      threads: 0,
    });
    expect(pooled.exitCode).toBe(0);
    expect(inline.exitCode).toBe(0);
    expect(await hashOutputFiles(path.join(root, "a"))).toEqual(
      await hashOutputFiles(path.join(root, "b")),
    );
  });
});
