import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareKeys } from "../../src/cache/tsv.js";
import { configSchema } from "../../src/config/config-schema.js";
import {
  manifestFromOutputs,
  manifestPath,
  patchManifest,
} from "../../src/outputs/manifest-file.js";
import type { OutputFile } from "../../src/write/output-file.js";
import type { WrittenFile } from "../../src/write/output-writer.js";

const config = configSchema.parse({ site: { title: "T", url: "https://example.org" } });
const baseUrl = "https://example.org/";
const publicPaths = new Set(["robots.txt", "assets/kept-name.css"]);

function textOf(output: OutputFile): string {
  if (!("pieces" in output)) throw new Error("not a file written in pieces");
  return [...output.pieces].join("");
}

/** The manifest of a set of outputs, as a full build writes it. */
function whole(outputs: ReadonlyMap<string, WrittenFile>): string {
  const sorted = [...outputs].sort(([a], [b]) => compareKeys(a, b));
  return textOf(manifestFromOutputs({ outputs: sorted, baseUrl, publicPaths, config }));
}

/** The manifest of `after`, patched from the manifest of `before`. */
function patched(
  before: ReadonlyMap<string, WrittenFile>,
  after: ReadonlyMap<string, WrittenFile>,
): string | undefined {
  const changes = new Map<string, WrittenFile | undefined>();
  for (const [file, written] of after) {
    const was = before.get(file);
    if (!was || was.hash !== written.hash || was.size !== written.size) changes.set(file, written);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.set(file, undefined);
  const keys = [...after.keys()].sort(compareKeys);
  return patchManifest({
    previous: whole(before),
    changes,
    added: new Set(keys.filter((key) => !before.has(key))),
    nextKept: (file) => keys.find((key) => compareKeys(key, file) > 0 && before.has(key)),
    publicPaths,
    baseUrl,
    config,
  });
}

const file = (hash: string, size: number): WrittenFile => ({ hash: hash.repeat(64), size });

const outputPath = fc.constantFrom(
  "index.html",
  "404.html",
  "_headers",
  "robots.txt",
  "feed.xml",
  "sitemap.xml",
  "assets/style.3f2a.css",
  "assets/kept-name.css",
  "images/tap.1a2b.640.webp",
  "news/2026/11/20/water/index.html",
  "news/2026/11/21/power/index.html",
  "news/2026/11/21/power-cut/index.html",
  "news/index.html",
  "news/page/2/index.html",
  "tags/water/index.html",
  'odd/"quoted"/index.html',
  "odd/tab\there.html",
  "pagefind/2026-11/pagefind.en_1.pf_meta",
);
const files = fc
  .uniqueArray(fc.tuple(outputPath, fc.constantFrom("a", "b", "c", "d"), fc.nat(99_999)), {
    selector: ([p]) => p,
    maxLength: 18,
  })
  .map((entries) => new Map(entries.map(([p, h, s]) => [p, file(h, s)])));

describe("the deploy manifest patched from the previous build's", () => {
  it("is the manifest a full build writes, whatever came, went or changed", () => {
    fc.assert(
      fc.property(files, files, (before, after) => {
        const text = patched(before, after);
        // Undefined only where it cannot patch: the caller then writes the manifest whole.
        if (text !== undefined) expect(text).toBe(whole(after));
        if (before.size > 0 && after.size > 0 && [...before.keys()].every((p) => after.has(p)))
          expect(text).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("patches a body edit, a story added and a story removed in a large manifest", () => {
    const before = new Map<string, WrittenFile>();
    for (let i = 0; i < 3000; i++)
      before.set(`news/2026/11/${String(i).padStart(4, "0")}/index.html`, file("a", i));
    before.set("feed.xml", file("a", 1));
    const edited = new Map(before).set("news/2026/11/1500/index.html", file("b", 7));
    const added = new Map(edited).set("news/2026/11/1500b/index.html", file("c", 8));
    const removed = new Map(added);
    removed.delete("news/2026/11/0000/index.html");
    removed.delete("news/2026/11/2999/index.html");
    for (const [a, b] of [
      [before, edited],
      [edited, added],
      [added, removed],
      [before, removed],
    ] as const) {
      const text = patched(a, b);
      expect(text).toBe(whole(b));
      expect(JSON.parse(text as string).files[manifestPath]).toBeUndefined();
    }
  });

  it("is not made from a manifest of another base URL or cache policy", () => {
    const before = new Map([["index.html", file("a", 1)]]);
    const after = new Map([["index.html", file("b", 2)]]);
    const other = textOf(
      manifestFromOutputs({
        outputs: [...before],
        baseUrl: "https://other.example.org",
        publicPaths,
        config,
      }),
    );
    const input = {
      changes: after,
      added: new Set<string>(),
      nextKept: () => undefined,
      publicPaths,
      baseUrl,
      config,
    };
    expect(patchManifest({ ...input, previous: other })).toBeUndefined();
    expect(patchManifest({ ...input, previous: whole(before).slice(0, -3) })).toBeUndefined();
    expect(patchManifest({ ...input, previous: whole(before) })).toBe(whole(after));
    // The last release wrote each entry's fields on lines of their own: that text is written whole.
    const older = whole(before).replace(
      /\{ ("sha256": "[0-9a-f]+"), ("size": \d+), ("cache": "\w+") \}/,
      "{\n      $1,\n      $2,\n      $3\n    }",
    );
    expect(older).not.toBe(whole(before));
    expect(JSON.parse(older)).toEqual(JSON.parse(whole(before)));
    expect(patchManifest({ ...input, previous: older })).toBeUndefined();
  });

  it("is made a few thousand entries at a time, whatever the count", () => {
    for (const count of [0, 1, 4096, 8192, 10_001]) {
      const outputs = new Map<string, WrittenFile>();
      for (let i = 0; i < count; i++)
        outputs.set(`news/${String(i).padStart(6, "0")}/index.html`, file("c", i));
      const made = manifestFromOutputs({ outputs, baseUrl, publicPaths, config });
      if (!("pieces" in made)) throw new Error("not a file written in pieces");
      const pieces = [...made.pieces];
      // No piece lists more than 4,096 files: the whole text is never one string.
      for (const piece of pieces) expect(piece.split("\n").length).toBeLessThanOrEqual(4096 + 10);
      // Byte for byte the text of one JSON document with one entry per line, wherever the
      // pieces end: the lines JSON.stringify gives, with each entry's fields put on its line.
      const document = {
        version: 1,
        baseUrl: "https://example.org",
        cacheControl: JSON.parse(whole(new Map())).cacheControl,
        files: Object.fromEntries(
          [...outputs].map(([path, { hash, size }]) => [
            path,
            { sha256: hash, size, cache: "revalidate" },
          ]),
        ),
      };
      const expected = JSON.stringify(document, null, 2).replace(
        /\{\n {6}"sha256": ("\w+"),\n {6}"size": (\d+),\n {6}"cache": ("\w+")\n {4}\}/g,
        '{ "sha256": $1, "size": $2, "cache": $3 }',
      );
      expect(pieces.join("")).toBe(`${expected}\n`);
    }
  });

  it("lists a file on one line, as the deploy guide shows", () => {
    const text = whole(new Map([["index.html", file("a", 12)]]));
    expect(text.split("\n")).toContain(
      `    "index.html": { "sha256": "${"a".repeat(64)}", "size": 12, "cache": "revalidate" }`,
    );
  });
});
