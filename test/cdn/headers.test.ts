import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import {
  type BuiltSite,
  buildSite,
  copyFixture,
  openBuiltSite,
  testNow,
} from "../helpers/build-site.js";
import { type ParsedRule, readHeadersFile, urlOf, valuesFor } from "./read-headers-file.js";

const immutable = "public, max-age=31536000, immutable";
const htmlDefault = "public, max-age=60, stale-while-revalidate=600";

/** Output files a host serves to readers (not its own instructions, not CI's). */
function servedPaths(files: readonly string[]): string[] {
  return files.filter((f) => f !== "_headers" && f !== "_redirects" && !f.startsWith(".newsdeck/"));
}

/** Every value a header gets for a URL: one per matching rule that sets it. */
describe("_headers of a built newsroom", () => {
  let site: BuiltSite;
  let rules: ParsedRule[];
  let served: string[];

  beforeAll(async () => {
    site = await buildSite("cdn-newsroom");
    expect(site.result.exitCode).toBe(0);
    rules = readHeadersFile(await site.read("_headers"));
    served = servedPaths(await site.files());
  });
  afterAll(() => site.cleanup());

  it("gives every served file exactly one Cache-Control, so no host joins two policies", () => {
    expect(served.length).toBeGreaterThan(25);
    for (const file of served) {
      expect(valuesFor(rules, urlOf(file), "cache-control"), file).toHaveLength(1);
    }
  });

  it("caches content-hashed theme assets and images for a year, immutable", () => {
    // Everything the build generated under /assets/ and /images/; masthead.png is a public/ file.
    const hashed = served.filter(
      (f) => /^(assets|images)\//.test(f) && f !== "images/masthead.png",
    );
    expect(hashed.filter((f) => f.startsWith("assets/")).length).toBeGreaterThanOrEqual(2);
    expect(hashed.filter((f) => f.startsWith("images/")).length).toBeGreaterThanOrEqual(2);
    for (const file of hashed) {
      expect(valuesFor(rules, urlOf(file), "cache-control"), file).toEqual([immutable]);
    }
  });

  it("keeps pages, feeds, sitemaps and public files short-lived with revalidation", () => {
    // Theme assets (the default icon among them) have hashed names and are checked above.
    const stable = served.filter(
      (f) =>
        !f.startsWith("assets/") &&
        (/\.(html|xml|json|txt|svg)$/.test(f) || f === "images/masthead.png"),
    );
    for (const expected of [
      "index.html",
      "news/index.html",
      "feed.xml",
      "sitemap.xml",
      "feed.json",
      "images/masthead.png",
      "favicon.svg",
    ]) {
      expect(stable).toContain(expected);
    }
    for (const file of stable) {
      expect(valuesFor(rules, urlOf(file), "cache-control"), file).toEqual([htmlDefault]);
    }
    // Readers request pages by their folder URL, and sometimes by the file.
    expect(valuesFor(rules, "/news/2026/11/27/tide-barrier-opens/", "cache-control")).toEqual([
      htmlDefault,
    ]);
    expect(valuesFor(rules, "/", "cache-control")).toEqual([htmlDefault]);
  });

  it("sends the security headers for every path, once", () => {
    for (const file of served) {
      const url = urlOf(file);
      expect(valuesFor(rules, url, "x-content-type-options"), file).toEqual(["nosniff"]);
      expect(valuesFor(rules, url, "referrer-policy"), file).toEqual([
        "strict-origin-when-cross-origin",
      ]);
      expect(valuesFor(rules, url, "permissions-policy"), file).toHaveLength(1);
      expect(valuesFor(rules, url, "content-security-policy"), file).toHaveLength(1);
    }
    const policy = valuesFor(rules, "/", "permissions-policy")[0] ?? "";
    expect(policy).toContain("camera=()");
    expect(policy).not.toContain("fullscreen"); // embeds are delegated fullscreen
  });

  it("builds the default Content-Security-Policy from embeds.allow", () => {
    const csp = parseCsp(valuesFor(rules, "/", "content-security-policy")[0] ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "https:", "data:"]);
    expect(csp.get("frame-src")).toEqual(["https://www.youtube.com"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'self'"]);
    // The site's own scripts only; Pagefind, which the search page runs, compiles WebAssembly.
    expect(csp.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it("is satisfied by every page of the default theme: no inline script or style, frames only from allowed hosts", async () => {
    const csp = parseCsp(valuesFor(rules, "/", "content-security-policy")[0] ?? "");
    const frameHosts = (csp.get("frame-src") ?? []).map((source) => new URL(source).host);
    const pages = served.filter((f) => f.endsWith(".html"));
    let dataBlocks = 0;
    let frames = 0;
    for (const file of pages) {
      const $ = await site.page(file);
      for (const script of $("script[src]").toArray()) {
        // The search page's script, a theme asset: the only page that runs any.
        expect(file).toBe("search/index.html");
        expect($(script).attr("src")).toMatch(/^\/assets\/search\.[0-9a-f]+\.js$/);
      }
      for (const script of $("script:not([src])").toArray()) {
        // JSON-LD is a data block: browsers never execute it, so CSP does not apply.
        expect($(script).attr("type"), file).toBe("application/ld+json");
        expect(() => JSON.parse($(script).text()), file).not.toThrow();
        dataBlocks++;
      }
      expect($("style").length, file).toBe(0);
      expect($("[style]").length, file).toBe(0);
      for (const element of $("*").toArray()) {
        const names = Object.keys((element as { attribs?: Record<string, string> }).attribs ?? {});
        expect(
          names.filter((n) => n.startsWith("on")),
          file,
        ).toEqual([]);
      }
      for (const frame of $("iframe").toArray()) {
        expect(frameHosts, file).toContain(new URL($(frame).attr("src") ?? "").host);
        frames++;
      }
      for (const link of $("a[href]").toArray()) {
        expect($(link).attr("href"), file).not.toMatch(/^\s*javascript:/i);
      }
    }
    expect(dataBlocks).toBeGreaterThan(0);
    expect(frames).toBe(1);
  });

  it("stays within the 100 rules Cloudflare Pages reads", () => {
    expect(rules.length).toBeLessThanOrEqual(100);
  });
});

describe("_headers and the config", () => {
  it("uses headers.htmlCacheControl and headers.contentSecurityPolicy when they are set", async () => {
    const root = await copyFixture("cdn-newsroom");
    try {
      await writeFile(
        path.join(root, "newsdeck.config.mjs"),
        `export default {
  site: { title: "Config Post", url: "https://config.example.com" },
  embeds: { allow: ["player.vimeo.com"] },
  headers: {
    htmlCacheControl: "public, max-age=0, must-revalidate",
    contentSecurityPolicy: "default-src 'self'; frame-src https://player.vimeo.com; report-uri /csp",
  },
};
`,
      );
      const outDir = path.join(root, "dist");
      const result = await build({ root, outDir, now: testNow });
      expect(result.exitCode).toBe(0);
      const rules = readHeadersFile(await openBuiltSite(root, outDir, result).read("_headers"));
      expect(valuesFor(rules, "/news/", "cache-control")).toEqual([
        "public, max-age=0, must-revalidate",
      ]);
      expect(valuesFor(rules, "/assets/anything.css", "cache-control")).toEqual([immutable]);
      expect(valuesFor(rules, "/news/", "content-security-policy")).toEqual([
        "default-src 'self'; frame-src https://player.vimeo.com; report-uri /csp",
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("a site's own public/_headers", () => {
  it("is appended after the generated rules when it adds headers Newsdeck does not set", async () => {
    const site = await buildSite("cdn-newsroom");
    try {
      await writeFile(
        path.join(site.root, "public", "_headers"),
        "# Let other sites read our feeds\n/feed.json\n  Access-Control-Allow-Origin: *\n/news/*\n  X-Robots-Tag: max-image-preview:large\n",
      );
      const outDir = path.join(site.root, "dist-merged");
      const result = await build({ root: site.root, outDir, now: testNow });
      expect(result.exitCode).toBe(0);
      const text = await openBuiltSite(site.root, outDir, result).read("_headers");
      const rules = readHeadersFile(text);
      expect(valuesFor(rules, "/feed.json", "access-control-allow-origin")).toEqual(["*"]);
      expect(valuesFor(rules, "/feed.json", "cache-control")).toEqual([htmlDefault]);
      expect(valuesFor(rules, "/news/", "x-robots-tag")).toEqual(["max-image-preview:large"]);
      // Theirs come after ours, comments and all.
      expect(text.indexOf("# Let other sites read our feeds")).toBeGreaterThan(
        text.indexOf("/assets/*"),
      );
    } finally {
      await site.cleanup();
    }
  });

  it("fails the build, naming the file and line, when it sets a header Newsdeck sets for the same URL", async () => {
    const site = await buildSite("cdn-newsroom");
    try {
      await writeFile(
        path.join(site.root, "public", "_headers"),
        "/feed.json\n  Access-Control-Allow-Origin: *\n/*\n  Cache-Control: no-store\n",
      );
      const result = await build({ root: site.root, outDir: site.outDir, now: testNow });
      expect(result.exitCode).toBe(1);
      const clash = result.diagnostics.find((d) => d.file === "public/_headers");
      expect(clash).toMatchObject({
        code: "DuplicateUrl",
        line: 3,
        field: "Cache-Control",
        severity: "error",
      });
      expect(clash?.hint).toContain("headers.htmlCacheControl");
      // The failed build left the previous output as it was: the generated _headers alone.
      expect(await site.read("_headers")).not.toContain("no-store");
    } finally {
      await site.cleanup();
    }
  });
});

function parseCsp(value: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of value.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}
