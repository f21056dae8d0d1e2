import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { article, writeTree } from "../helpers/build-site.js";
import { makeJpeg } from "../images/make-image.js";
import { expectSameAsClean } from "./expect-same-as-clean.js";

const now = Date.parse("2026-11-28T10:00:00Z");

describe("an image a static page or an author bio shows in its text", { timeout: 120_000 }, () => {
  const temps: string[] = [];
  const temp = async (prefix: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("shows its new variants after its bytes change, as a clean build does", async () => {
    const root = await writeTree({
      "public/photos/office.jpg": await makeJpeg({ width: 64, height: 40, seed: 4 }),
      "public/photos/desk.jpg": await makeJpeg({ width: 64, height: 40, seed: 5 }),
      "content/articles/a.md": article(
        { title: "Ferry fares rise", date: "2026-11-02", section: "news", authors: ["Ayo Dube"] },
        "Fares rise in December.",
      ),
      "content/pages/about.md":
        "---\ntitle: About us\n---\nWho we are.\n\n![Our office](/photos/office.jpg)\n",
      "content/authors/ayo-dube.md":
        "---\nname: Ayo Dube\n---\nCovers the harbour.\n\n![Ayo's desk](/photos/desk.jpg)\n",
    });
    temps.push(root);
    const outDir = path.join(root, "dist");
    expect((await build({ root, outDir, now })).exitCode).toBe(0);
    await writeFile(
      path.join(root, "public/photos/office.jpg"),
      await makeJpeg({ width: 64, height: 40, seed: 14 }),
    );
    await expectSameAsClean(root, outDir, now, temp, "the about page's image changed");
    await writeFile(
      path.join(root, "public/photos/desk.jpg"),
      await makeJpeg({ width: 64, height: 40, seed: 15 }),
    );
    await expectSameAsClean(root, outDir, now, temp, "the bio's image changed");
  });
});
