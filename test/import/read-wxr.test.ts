import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWxr } from "../../bench/generate-wxr.js";
import { listFiles } from "../../src/files/list-files.js";
import { readWxr, type WxrEntry } from "../../src/import/wordpress/read-wxr.js";
import { repoRoot, writeTree } from "../helpers/build-site.js";
import { importAndBuild } from "./imported-site.js";

const header = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Test &amp; Co</title>
<link>https://old.example</link>
`;

function post(id: number, title: string, extra = ""): string {
  return `<item>
<title><![CDATA[${title}]]></title>
<link>https://old.example/2026/05/0${id}/post-${id}/</link>
<content:encoded><![CDATA[<p>Body of ${title}.</p>]]></content:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date>2026-05-0${id} 10:00:00</wp:post_date>
<wp:post_date_gmt>2026-05-0${id} 08:00:00</wp:post_date_gmt>
<wp:post_name>post-${id}</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category>
${extra}</item>
`;
}

/** The text in chunks of `size` characters, as a file stream would deliver it. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function entries(text: string, size = 7): Promise<WxrEntry[]> {
  const all: WxrEntry[] = [];
  for await (const entry of readWxr(chunks(text, size), new Set(["_thumbnail_id"])))
    all.push(entry);
  return all;
}

describe("reading a WordPress export as a stream", () => {
  it("reads fields whatever the chunk boundaries, CDATA split by ]]> included", async () => {
    const xml = `${header}${post(
      1,
      "Fish ]]]]><![CDATA[> chips",
      `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[42]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_elementor_data</wp:meta_key><wp:meta_value><![CDATA[${"x".repeat(5000)}]]></wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_content>Hi</wp:comment_content></wp:comment>
`,
    )}</channel></rss>`;
    const [channel, item] = await entries(xml);
    expect(channel?.type === "channel" && channel.fields.get("title")?.value).toBe("Test & Co");
    expect(item?.type).toBe("item");
    if (item?.type !== "item") return;
    expect(item.fields.get("title")?.value).toBe("Fish ]]> chips");
    expect(item.fields.get("title")?.line).toBe(7);
    expect(item.terms).toEqual([{ domain: "category", nicename: "news", name: "News", line: 16 }]);
    // Only the meta asked for is kept; comments are counted.
    expect(item.meta).toEqual([["_thumbnail_id", "42"]]);
    expect(item.comments).toBe(1);
  });

  it("reports malformed XML where it is and goes on reading", async () => {
    const xml = `${header}${post(1, "First")}<item><title>Broken</title><wp:post_id>2</wp:post_id></itme>\n${post(3, "Third")}</channel></rss>`;
    const read = await entries(xml, 64);
    const errors = read.filter((entry) => entry.type === "error");
    expect(errors[0]).toMatchObject({ type: "error", line: 18, itemLine: 18 });
    const titles = read.flatMap((entry) =>
      entry.type === "item" ? [entry.fields.get("title")?.value] : [],
    );
    expect(titles).toEqual(["First", "Third"]);
  });
});

describe("an export with an item the XML parser cannot close", () => {
  it("imports the rest, lists the item as unreadable, exits 1, and the site builds", async () => {
    const root = await writeTree({
      "export.xml": `${header}${post(1, "First story")}<item><title>Half an item</title><wp:post_id>2</wp:post_id></itme>\n${post(3, "Third story")}</channel></rss>`,
    });
    const imported = await importAndBuild({
      format: "wordpress",
      source: path.join(root, "export.xml"),
    });
    try {
      expect(imported.result.exitCode).toBe(1);
      const unreadable = imported.result.notes.filter((note) => note.code === "FileUnreadable");
      expect(unreadable.length).toBeGreaterThan(0);
      expect(unreadable[0]).toMatchObject({ file: "export.xml", line: 18 });
      const $ = await imported.site.page("/news/2026/05/01/post-1/");
      expect($("h1#headline").text()).toBe("First story");
      // The items after the broken one are read too; the broken one is not imported half-read.
      const $third = await imported.site.page("/news/2026/05/03/post-3/");
      expect($third("h1#headline").text()).toBe("Third story");
      expect(await imported.allOutputText()).not.toContain("Half an item");
    } finally {
      await imported.cleanup();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("a WordPress export larger than the memory the import may use", () => {
  let folder: string;
  let exportFile: string;
  const heapMegabytes = 96;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "newsdeck-wxr-"));
    exportFile = path.join(folder, "export.xml");
    // 100 posts, each with 1.6 MB of page-builder data: 160 MB, over the heap limit below.
    await generateWxr({ posts: 100, out: exportFile, metaBytes: 1_600_000 });
  }, 120_000);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it(`imports in a process limited to a ${heapMegabytes} MB heap`, async () => {
    const size = (await stat(exportFile)).size;
    expect(size).toBeGreaterThan(heapMegabytes * 1.5 * 1024 * 1024);
    const out = path.join(folder, "site");
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          `--max-old-space-size=${heapMegabytes}`,
          "--import",
          "tsx",
          "src/cli/run.ts",
          "import",
          "wordpress",
          exportFile,
          "--out",
          out,
        ],
        { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 1 << 20 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).not.toContain("heap out of memory");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 100 stories \(6 drafts\)/);
    expect((await listFiles(path.join(out, "content", "articles"), ["**/*.md"])).length).toBe(100);
    expect(existsSync(path.join(out, "import-report.md"))).toBe(true);
  }, 180_000);
});
