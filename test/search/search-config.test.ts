import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { NewsdeckError } from "../../src/errors/diagnostic.js";
import { fallbackForm } from "../../src/search/fallback-form.js";
import { readHeadersFile, valuesFor } from "../cdn/read-headers-file.js";
import { buildSite } from "../helpers/build-site.js";
import { searchNewsroom } from "./search-newsroom.js";

describe("search: false", () => {
  it("builds no index, no search page and no header link, and keeps WebAssembly out of the CSP", async () => {
    const site = await buildSite(await searchNewsroom("search: false,"));
    try {
      expect(site.result.exitCode).toBe(0);
      const files = await site.files();
      expect(files.filter((f) => f.startsWith("pagefind/") || f.startsWith("search/"))).toEqual([]);
      expect((await site.page("/"))("a[href='/search/']").length).toBe(0);
      const csp = valuesFor(
        readHeadersFile(await site.read("_headers")),
        "/",
        "content-security-policy",
      );
      expect(csp[0]).not.toContain("wasm-unsafe-eval");
    } finally {
      await site.cleanup();
    }
  });

  it("is the same as enabled: false", async () => {
    const site = await buildSite(await searchNewsroom("search: { enabled: false },"));
    try {
      expect((await site.files()).some((f) => f.startsWith("pagefind/"))).toBe(false);
    } finally {
      await site.cleanup();
    }
  });
});

describe("search options", () => {
  it("offers only the configured filters, and sends readers without script to the fallback engine", async () => {
    const site = await buildSite(
      await searchNewsroom(`search: {
    filters: ["author"],
    excerptLength: 12,
    fallbackUrl: "https://www.google.com/search?as_sitesearch=courier.example.org&q={query}",
  },`),
    );
    try {
      expect(site.result.exitCode).toBe(0);
      const $ = await site.page("/search/");
      const form = $("form[data-search-form]");
      expect(form.attr("hidden")).toBeUndefined();
      expect(form.attr("action")).toBe("https://www.google.com/search");
      // GET is the default method: the minifier may drop the attribute.
      expect(form.attr("method") ?? "get").toBe("get");
      expect(form.attr("data-excerpt-length")).toBe("12");
      expect($("#search-query").attr("name")).toBe("q");
      expect(
        $("input[type='hidden']")
          .map((_, i) => `${$(i).attr("name")}=${$(i).attr("value")}`)
          .get(),
      ).toEqual(["as_sitesearch=courier.example.org"]);
      expect($("noscript").length).toBe(0);
      expect(
        $("select[data-filter]")
          .map((_, s) => $(s).attr("data-filter"))
          .get(),
      ).toEqual(["author"]);
      const index = JSON.stringify(await site.read("pagefind/newsdeck-buckets.json"));
      expect(index).toContain("2026-11/");
    } finally {
      await site.cleanup();
    }
  });

  it("reads a fallback URL's words field and hidden parameters", () => {
    expect(fallbackForm("https://duckduckgo.com/?sites=news.example.org")).toEqual({
      action: "https://duckduckgo.com/",
      field: "q",
      hidden: [["sites", "news.example.org"]],
    });
    expect(fallbackForm("https://search.example/find?site=x&words={query}#top")).toEqual({
      action: "https://search.example/find",
      field: "words",
      hidden: [["site", "x"]],
    });
  });

  it("rejects unknown filters and keys, locating them in the config", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "newsdeck-search-config-"));
    try {
      await writeFile(
        path.join(root, "newsdeck.config.mjs"),
        `export default {
  search: {
    filters: ["section", "date"],
    excerptLenght: 20,
  },
};
`,
      );
      const error = await loadConfig(root).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NewsdeckError);
      const diagnostics = (error as NewsdeckError).diagnostics;
      expect((error as NewsdeckError).exitCode).toBe(2);
      expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.field} ${d.code}`)).toEqual([
        "3:26 search.filters.1 ConfigInvalid",
        "4:5 search.excerptLenght ConfigInvalid",
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
