import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { load } from "cheerio";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { hashBytes } from "../../src/cache/hash.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "newsdeck-config-cache-"));
  await mkdir(path.join(root, "content", "articles"), { recursive: true });
  await writeFile(
    path.join(root, "content", "articles", "water.md"),
    "---\ntitle: Reservoir levels rise\ndate: 2026-05-01T08:00:00Z\nsection: news\n---\nThe dam is fuller than last year.\n",
  );
});
afterEach(() => rm(root, { recursive: true, force: true }));

const now = Date.parse("2026-06-01T00:00:00Z");
const stored = () => path.join(root, ".newsdeck-cache", "state", "config.json");

async function writeConfig(text: string): Promise<void> {
  await writeFile(path.join(root, "newsdeck.config.mjs"), text);
}

/** The site title the home page shows. */
async function homeTitle(): Promise<string> {
  const html = await readFile(path.join(root, "dist", "index.html"), "utf8");
  return load(html)("title").text();
}

async function buildOk(): Promise<void> {
  const result = await build({ root, now });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.exitCode).toBe(0);
}

describe("the validated config kept in the cache", () => {
  it("is reused while the config exports the same data, and nothing else is", async () => {
    await writeConfig(
      `export default { site: { title: "The Valley Ledger", url: "https://ledger.example" } };\n`,
    );
    await buildOk();
    const first = JSON.parse(await readFile(stored(), "utf8")) as {
      key: string;
      config: { site: { title: string; timezone: string } };
    };
    expect(first.config.site.title).toBe("The Valley Ledger");
    // The defaults are applied in what is kept: it is the validated config, not the export.
    expect(first.config.site.timezone).toBe("UTC");

    // Proof of reuse: the kept config, altered under the same key (and checksum), is what the
    // next build shows.
    first.config.site.title = "Kept, not validated again";
    const sha256 = hashBytes(JSON.stringify(first.config));
    await writeFile(stored(), JSON.stringify({ ...first, sha256 }));
    await writeFile(
      path.join(root, "content", "articles", "water.md"),
      "---\ntitle: Reservoir levels rise\ndate: 2026-05-01T08:00:00Z\nsection: news\n---\nThe dam is fuller than last year, and rising.\n",
    );
    await buildOk();
    expect(await homeTitle()).toContain("Kept, not validated again");

    // Another export is validated again, and replaces what was kept.
    await writeConfig(
      `export default { site: { title: "The Valley Ledger, renamed", url: "https://ledger.example" } };\n`,
    );
    await buildOk();
    expect(await homeTitle()).toContain("The Valley Ledger, renamed");
    const second = JSON.parse(await readFile(stored(), "utf8")) as { key: string };
    expect(second.key).not.toBe(first.key);
  });

  it("never hides a problem: an invalid export after a valid one fails the build", async () => {
    await writeConfig(
      `export default { site: { title: "The Ledger", url: "https://ledger.example" } };\n`,
    );
    await buildOk();
    await writeConfig(
      `export default { site: { title: "The Ledger", url: "https://ledger.example" }, pagination: { perPage: 0 } };\n`,
    );
    const failed = await build({ root, now });
    expect(failed.exitCode).toBe(2);
    expect(failed.diagnostics.map((d) => `${d.code} ${d.field}`)).toEqual([
      "ConfigInvalid pagination.perPage",
    ]);
  });

  it("follows what the config reads from its environment: the export, not the file's text, is the key", async () => {
    await writeConfig(
      `export default { site: { title: process.env.NEWSDECK_TEST_TITLE, url: "https://ledger.example" } };\n`,
    );
    process.env.NEWSDECK_TEST_TITLE = "Morning Edition";
    try {
      await buildOk();
      expect(await homeTitle()).toContain("Morning Edition");
      process.env.NEWSDECK_TEST_TITLE = "Evening Edition";
      await buildOk();
      expect(await homeTitle()).toContain("Evening Edition");
    } finally {
      delete process.env.NEWSDECK_TEST_TITLE;
    }
  });

  it("is not kept for an export that is not plain data, nor by a check", async () => {
    await writeConfig(
      `export default { site: { title: "The Ledger", url: "https://ledger.example" } };\n`,
    );
    const checked = await build({ root, now, dryRun: true });
    expect(checked.exitCode).toBe(0);
    expect(existsSync(stored())).toBe(false);

    // A class instance is not plain data: validated on every build.
    await writeConfig(
      `class Site { constructor() { this.title = "The Ledger"; this.url = "https://ledger.example"; } }\nexport default { site: new Site() };\n`,
    );
    const result = await build({ root, now });
    expect(existsSync(stored())).toBe(false);
    // The schema takes the instance's fields; what it cannot be is kept and trusted next time.
    expect(result.exitCode).toBe(0);
    expect(await homeTitle()).toContain("The Ledger");
  });
});
