import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { build } from "../../src/build.js";
import { main } from "../../src/cli/main.js";
import { listFiles } from "../../src/files/list-files.js";
import { createOutputWriter } from "../../src/write/output-writer.js";
import { hashOutputFiles, testNow, writeTree } from "../helpers/build-site.js";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** Enough articles that the writer moves to its threads (it starts them from 200 files). */
async function largeSite(): Promise<string> {
  const tree: Record<string, string> = {
    "newsdeck.config.mjs": `export default { site: { title: "T", url: "https://example.org" }, sections: { news: { title: "News" }, sport: { title: "Sport" } } };\n`,
  };
  for (let i = 0; i < 260; i++) {
    const day = String((i % 27) + 1).padStart(2, "0");
    tree[`content/articles/story-${i}.md`] =
      `---\ntitle: "Story number ${i}"\ndate: 2026-10-${day}T${String(i % 24).padStart(2, "0")}:00:00Z\nsection: ${i % 3 === 0 ? "sport" : "news"}\ntags: [Tag ${i % 7}]\n---\nThe ${i}th story's *body*, with [a link](/news/).\n`;
  }
  const root = await writeTree(tree);
  roots.push(root);
  return root;
}

describe("pages written on threads", { timeout: 180_000 }, () => {
  it("give the same files as pages written in the build's own thread, cold and warm", async () => {
    const root = await largeSite();
    const threaded = path.join(root, "threaded");
    const inline = path.join(root, "inline");
    const cacheDir = (name: string) => path.join(root, `.cache-${name}`);
    const run = (outDir: string, threads: number) =>
      build({ root, outDir, now: testNow, threads, cacheDir: cacheDir(path.basename(outDir)) });

    const cold = await run(threaded, 2);
    expect(cold.exitCode).toBe(0);
    expect(cold.files.size).toBeGreaterThan(300);
    expect((await run(inline, 0)).exitCode).toBe(0);
    const expected = await hashOutputFiles(inline);
    expect(await hashOutputFiles(threaded)).toEqual(expected);
    // The manifest lists every file with the hash the threads computed.
    const manifest = JSON.parse(
      await readFile(path.join(threaded, ".newsdeck/manifest.json"), "utf8"),
    );
    for (const [file, entry] of Object.entries(
      manifest.files as Record<string, { sha256: string }>,
    ))
      expect(entry.sha256, file).toBe(expected[file]);

    // A template change re-renders every page: the in-place commit goes through the threads too.
    await mkdir(path.join(root, "templates", "partials"), { recursive: true });
    const footer = await readFile(
      path.join(import.meta.dirname, "..", "..", "templates", "partials", "site-footer.eta"),
      "utf8",
    );
    await writeFile(
      path.join(root, "templates", "partials", "site-footer.eta"),
      `${footer}\n<p class="test-marker">Printed in the harbour</p>\n`,
    );
    expect((await run(threaded, 2)).exitCode).toBe(0);
    expect((await run(inline, 0)).exitCode).toBe(0);
    const changed = await hashOutputFiles(inline);
    expect(changed["news/index.html"]).not.toBe(expected["news/index.html"]);
    expect(await hashOutputFiles(threaded)).toEqual(changed);
  });

  it("report a write that fails on a thread, and leave the output folder as it was", async () => {
    const root = await writeTree({ "dist/index.html": "the previous build\n" });
    roots.push(root);
    const outDir = path.join(root, "dist");
    const writer = await createOutputWriter(outDir, new Map(), outDir, { threads: 1 });
    for (let i = 0; i < 250; i++) await writer.write({ path: `p/${i}.html`, data: `page ${i}` });
    // A file, and a page under it as if it were a folder: whichever a thread writes second fails,
    // after write() has returned; the commit reports it and removes its staging folder itself.
    await writer.write({ path: "clash", data: "a file" });
    await writer.write({ path: "clash/index.html", data: "a page" });
    const failure = await writer.commit().then(
      () => undefined,
      (error: unknown) => error,
    );
    // The error crossed from the thread: its message still names the system error and the path.
    expect(String(failure)).toMatch(/(ENOTDIR|EISDIR).*clash/);
    expect(await readFile(path.join(outDir, "index.html"), "utf8")).toBe("the previous build\n");
    expect(await listFiles(outDir)).toEqual(["index.html"]);
    expect(existsSync(path.join(root, ".newsdeck-tmp-dist"))).toBe(false);
  });

  it("are set with --threads on the command line, which refuses what is not a count", async () => {
    const root = await largeSite();
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const now = ["--now", new Date(testNow).toISOString()];
      for (const bad of ["-1", "two", "1.5"]) {
        expect(await main(["build", "--root", root, `--threads=${bad}`, ...now]), bad).toBe(2);
        expect(String(err.mock.calls.at(-1)?.[0])).toContain(`--threads "${bad}"`);
      }
      expect(existsSync(path.join(root, "dist"))).toBe(false);
      expect(await main(["build", "--root", root, "--threads", "0", ...now])).toBe(0);
      expect(await main(["check", "--root", root, "--threads", "1", ...now])).toBe(0);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(existsSync(path.join(root, "dist", "index.html"))).toBe(true);
  });
});
