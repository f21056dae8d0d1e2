import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBareReference } from "../../bench/bare-reference.js";
import { generateCorpus } from "../../bench/generate-corpus.js";
import { preparePeers } from "../../bench/peers/prepare-peer-sites.js";
import { buildPlainReference } from "../../bench/plain-reference.js";

let work = "";
let corpus = "";
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "newsdeck-peers-"));
  corpus = join(work, "corpus");
  await generateCorpus({ n: 30, outDir: corpus });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function pages(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith("index.html")).sort();
}

describe("bench references and peers", () => {
  it("the plain reference renders every article without the bare reference's plugins", async () => {
    const plain = await buildPlainReference({ root: corpus, out: join(work, "plain") });
    const bare = await buildBareReference({ root: corpus, out: join(work, "bare") });
    expect(plain.pages).toBe(30);
    expect(await pages(join(work, "plain"))).toEqual(await pages(join(work, "bare")));
    const [first] = await pages(join(work, "plain"));
    const plainHtml = await readFile(join(work, "plain", first as string), "utf8");
    const bareHtml = await readFile(join(work, "bare", first as string), "utf8");
    // Typographic quotes come from a plugin the plain pipeline leaves out.
    expect(bareHtml).toContain("\u2019");
    expect(plainHtml).not.toContain("\u2019");
    expect(bare.pages).toBe(30);
  });

  it("Hugo builds every article page and the section and tag listings, or is skipped with a reason", async () => {
    const peers = await preparePeers(corpus, work, ["hugo"]);
    const hugo = peers.find((peer) => peer.name === "hugo");
    expect(hugo).toBeDefined();
    if (!hugo || "skipped" in hugo) {
      expect(spawnSync("hugo", ["version"]).status).not.toBe(0);
      expect(hugo && "skipped" in hugo && hugo.skipped).toContain("apt-get install -y hugo");
      return;
    }
    const out = join(work, "hugo-out");
    const built = spawnSync(hugo.command, hugo.args(out), { encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    const written = await pages(out);
    const articles = (await readdir(join(corpus, "content", "articles"), { recursive: true }))
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.replace(/^.*\//, "").replace(/\.md$/, ""));
    for (const slug of articles) {
      expect(
        written.some((page) => page.endsWith(`/${slug}/index.html`)),
        slug,
      ).toBe(true);
    }
    expect(written).toContain("world/index.html");
    expect(written.some((page) => page.startsWith("tag/"))).toBe(true);
  }, 120_000);
});
