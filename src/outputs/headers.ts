import type { ResolvedConfig } from "../config/config-schema.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { isHashedIndexFile } from "../search/plan-buckets.js";
import type { OutputFile } from "../write/output-file.js";

/** Cache-Control of content-hashed files: their URL changes whenever their bytes do. */
const immutableCacheControl = "public, max-age=31536000, immutable";

/** Top-level folders whose generated files have content-hashed names (theme assets, images). */
const hashedFolders: readonly string[] = ["assets", "images"];

/**
 * Cloudflare Pages reads at most 100 rules from `_headers`; Newsdeck stays within that so that
 * the same file works on Netlify and Cloudflare Pages alike.
 */
const maxHeaderRules = 100;

/** How a served file may be cached. */
export type CachePolicy = "immutable" | "revalidate";

/** The headers part of the config that `_headers` is built from. */
export type HeadersConfig = Pick<ResolvedConfig, "headers" | "embeds"> &
  Partial<Pick<ResolvedConfig, "search">>;

/** One block of a `_headers` file: a URL pattern and the headers it sets. */
export interface HeaderRule {
  readonly pattern: string;
  readonly headers: readonly (readonly [name: string, value: string])[];
  /** 1-based line of the pattern, for rules read from a file. */
  readonly line?: number | undefined;
}

/** What `_headers` is rendered from. */
export interface HeadersInput {
  readonly config: HeadersConfig;
  /** Every output path of the build (forward slashes, relative to the output folder). */
  readonly paths: readonly string[];
  /** Output paths copied from `public/`: they keep their names, so they are never immutable. */
  readonly publicPaths: ReadonlySet<string>;
  /** The site's own `public/_headers`, appended after the generated rules. */
  readonly siteHeaders?: { readonly text: string; readonly file: string } | undefined;
}

/**
 * True when a path is served to readers; `_headers`, `_redirects` and `.newsdeck/` are
 * instructions for the host and for CI.
 */
export function isServed(outputPath: string): boolean {
  return (
    outputPath !== "_headers" && outputPath !== "_redirects" && !outputPath.startsWith(".newsdeck/")
  );
}

/** The URL readers request for an output path: `a/b/index.html` -> `/a/b/`, `feed.xml` -> `/feed.xml`. */
export function servedUrl(outputPath: string): string {
  if (outputPath === "index.html") return "/";
  if (outputPath.endsWith("/index.html")) return `/${outputPath.slice(0, -"index.html".length)}`;
  return `/${outputPath}`;
}

/**
 * Immutable when the build gave the file a content-hashed name (theme assets, images, the search
 * index's chunks and fragments); everything else revalidates.
 */
export function cachePolicyOf(outputPath: string, publicPaths: ReadonlySet<string>): CachePolicy {
  const hashed =
    !publicPaths.has(outputPath) &&
    (hashedFolders.some((f) => outputPath.startsWith(`${f}/`)) || isHashedIndexFile(outputPath));
  return hashed ? "immutable" : "revalidate";
}

/** The Cache-Control value of a policy under this config. */
export function cacheControlOf(policy: CachePolicy, config: HeadersConfig): string {
  return policy === "immutable" ? immutableCacheControl : oneLine(config.headers.htmlCacheControl);
}

/**
 * The default Content-Security-Policy, which the default theme satisfies: no script or style
 * but the site's own files (JSON-LD blocks are data, which CSP does not execute), images from
 * anywhere over https, frames only from the hosts `embeds.allow` names. With site search on,
 * scripts may also compile WebAssembly (`'wasm-unsafe-eval'`, which allows no JavaScript
 * `eval`): Pagefind searches its index in WebAssembly.
 */
function defaultContentSecurityPolicy(embedHosts: readonly string[], search = false): string {
  const frames = embedHosts.map((host) => `https://${host.trim().toLowerCase()}`);
  return [
    "default-src 'self'",
    ...(search ? ["script-src 'self' 'wasm-unsafe-eval'"] : []),
    "img-src 'self' https: data:",
    `frame-src ${frames.length > 0 ? [...new Set(frames)].sort().join(" ") : "'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

/**
 * Powerful features no page of a news site uses. Features embeds are delegated (fullscreen,
 * encrypted-media, picture-in-picture) are left at their defaults.
 */
const permissionsPolicy =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/** Headers every served path gets. */
function securityHeaders(config: HeadersConfig): [string, string][] {
  return [
    [
      "Content-Security-Policy",
      oneLine(
        config.headers.contentSecurityPolicy ??
          defaultContentSecurityPolicy(config.embeds.allow, config.search?.enabled ?? false),
      ),
    ],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", permissionsPolicy],
  ];
}

/**
 * The generated rules: security headers for `/*`, then exactly one Cache-Control for every
 * served file. Hosts join the values of a header set by several matching rules with a comma
 * (`max-age=60, max-age=31536000` is no policy at all), so Cache-Control rules never overlap:
 * one per top-level folder or file, content-hashed folders immutable, the rest revalidating.
 * A hashed folder that also holds `public/` files (which keep their names) gets one rule per
 * file extension (`/images/*.webp`), and file-by-file rules where public and hashed files share
 * an extension, as far as the rule limit allows; hashed files past it keep the host's default.
 * Patterns use one `*` at most, as Cloudflare Pages requires.
 */
function generatedHeaderRules(input: HeadersInput): HeaderRule[] {
  const { config, publicPaths } = input;
  const served = input.paths.filter(isServed).sort(compare);
  const revalidate: HeaderRule["headers"] = [
    ["Cache-Control", cacheControlOf("revalidate", config)],
  ];
  const immutable: HeaderRule["headers"] = [["Cache-Control", immutableCacheControl]];

  const rules: HeaderRule[] = [{ pattern: "/*", headers: securityHeaders(config) }];
  const byFile = served.filter((outputPath) => !outputPath.includes("/"));
  const nested = served.filter((outputPath) => outputPath.includes("/"));
  const folders = groupBy(nested, (outputPath) => outputPath.slice(0, outputPath.indexOf("/")));
  const listed: string[] = [];
  const policyOf = (files: readonly string[]) => {
    const policies = new Set(files.map((f) => cachePolicyOf(f, publicPaths)));
    return policies.size === 1 ? [...policies][0] : undefined;
  };
  for (const [folder, files] of folders) {
    const policy = policyOf(files);
    if (policy) {
      rules.push({
        pattern: `/${encodeURI(folder)}/*`,
        headers: policy === "immutable" ? immutable : revalidate,
      });
      continue;
    }
    // A hashed folder with public/ files in it: one rule per file extension where that is
    // unambiguous (`/images/*.webp`), file by file where it is not (`logo.png` among PNGs).
    // By extension, so that the rules depend on which extensions there are, not on which path
    // of each comes first.
    const byExtension = [...groupBy(files, extensionOf)].sort(([a], [b]) => compare(a, b));
    for (const [extension, group] of byExtension) {
      const shared = extension === "" ? undefined : policyOf(group);
      if (shared) {
        rules.push({
          pattern: `/${encodeURI(folder)}/*${encodeURI(extension)}`,
          headers: shared === "immutable" ? immutable : revalidate,
        });
      } else {
        listed.push(...group);
      }
    }
  }
  for (const file of byFile) {
    rules.push({ pattern: encodeURI(servedUrl(file)), headers: revalidate });
    if (file === "index.html") rules.push({ pattern: "/index.html", headers: revalidate });
  }
  // Past the limit, files keep the host's default (Netlify and Cloudflare Pages both send
  // `max-age=0, must-revalidate`): never stale, only slower.
  const ordered = [
    ...listed.filter((f) => publicPaths.has(f)),
    ...listed.filter((f) => !publicPaths.has(f)),
  ];
  for (const file of ordered) {
    if (rules.length >= maxHeaderRules) break;
    rules.push({
      pattern: encodeURI(servedUrl(file)),
      headers: cachePolicyOf(file, publicPaths) === "immutable" ? immutable : revalidate,
    });
  }
  return rules;
}

/**
 * Whether the paths that came and went leave the generated rules of `previous` (the `_headers`
 * the last build wrote, without a site's own rules) as they are, so that `_headers` need not be
 * made again from every path: an edit that re-indexes a search bucket renames its chunk files,
 * and a new story adds a page to its section's folder. The rules are made from which cache
 * policies each top-level folder, and each file extension in it, holds. So it is true only when
 * no path is a top-level file or has a rule of its own, and every path is under a folder or
 * extension rule of `previous` that stays as it is: a path that came has the rule's policy (the
 * group stays whole), and for a path that went, one of the same folder, extension and policy
 * came (the group stays there).
 */
export function rulesKeptBy(
  previous: string,
  came: Iterable<string>,
  went: Iterable<string>,
  publicPaths: ReadonlySet<string>,
): boolean {
  const policies = new Map<string, CachePolicy>();
  let pattern = "";
  /** The last extension rule's folder and extension: they must come in order (see below). */
  let last = { folder: "", extension: "" };
  for (const line of previous.split("\n")) {
    if (line.startsWith("/")) {
      pattern = line;
      const star = line.indexOf("/*");
      if (star === -1 || line.length === star + 2) continue;
      const extension = line.slice(star + 2);
      const folder = line.slice(0, star);
      // Written by a version that ordered a folder's extension rules otherwise: made again.
      if (folder === last.folder && compare(last.extension, extension) >= 0) return false;
      last = { folder, extension };
    } else if (line.startsWith("  Cache-Control: "))
      policies.set(pattern, line.endsWith(immutableCacheControl) ? "immutable" : "revalidate");
  }
  const groupOf = (outputPath: string) => {
    const slash = outputPath.indexOf("/");
    if (slash === -1) return undefined;
    const policy = cachePolicyOf(outputPath, publicPaths);
    const folder = `/${encodeURI(outputPath.slice(0, slash))}/*`;
    const extension = extensionOf(outputPath);
    const rule = policies.has(folder) ? folder : `${folder}${encodeURI(extension)}`;
    if (policies.get(rule) !== policy || (rule !== folder && extension === "")) return undefined;
    return `${rule}\t${extension}\t${policy}`;
  };
  const gained = new Set<string>();
  for (const outputPath of came) {
    if (!isServed(outputPath)) continue;
    const group = groupOf(outputPath);
    if (group === undefined) return false;
    gained.add(group);
  }
  for (const outputPath of went) {
    if (!isServed(outputPath)) continue;
    const group = groupOf(outputPath);
    if (group === undefined || !gained.has(group)) return false;
  }
  return true;
}

/** Renders rules in the Netlify / Cloudflare Pages `_headers` format. */
function formatHeaderRules(rules: readonly HeaderRule[]): string {
  return rules
    .map(
      (rule) =>
        `${rule.pattern}\n${rule.headers.map(([name, value]) => `  ${name}: ${value}\n`).join("")}`,
    )
    .join("");
}

/**
 * Reads a `_headers` file: URL patterns at the start of a line, `Name: value` lines indented
 * below them, `#` comments. Cloudflare's `! Name` (detach) lines are kept as they are by the
 * merge and ignored here.
 */
function parseHeaderRules(text: string): HeaderRule[] {
  const rules: { pattern: string; headers: [string, string][]; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ pattern: line, headers: [], line: index + 1 });
      continue;
    }
    const colon = line.indexOf(":");
    const current = rules.at(-1);
    if (!current || line.startsWith("!") || colon <= 0) continue;
    current.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/**
 * The matcher of a rule's pattern, as Cloudflare Pages matches them: `*` matches anything
 * (slashes included), `:name` one path segment; an absolute pattern is compared by its path.
 */
function headerPatternMatcher(pattern: string): (url: string) => boolean {
  const pathPart = pattern.replace(/^https?:\/\/[^/]+/i, "") || "/";
  const source = pathPart
    .split("*")
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]\w*/g, "[^/]+"))
    .join(".*");
  const regExp = new RegExp(`^${source}$`);
  return (url) => regExp.test(url);
}

/**
 * `_headers`: the generated rules, then the site's own `public/_headers`, verbatim. The site's
 * rules may add any header; setting one that Newsdeck already sets for a URL both rules match
 * is an error, because the host would get two values: Cloudflare Pages joins them with a comma
 * (an invalid Cache-Control, two CSPs that both apply), others let one rule win silently.
 * Those values come from the config instead.
 */
export function renderHeaders(input: HeadersInput): {
  file: OutputFile;
  diagnostics: Diagnostic[];
} {
  const generated = generatedHeaderRules(input);
  const diagnostics: Diagnostic[] = [];
  let text = `# Generated by Newsdeck. Cache-Control and security headers come from the config
# (headers.htmlCacheControl, headers.contentSecurityPolicy); add other headers in public/_headers.
${formatHeaderRules(generated)}`;
  if (input.siteHeaders) {
    const urls = input.paths.filter(isServed).map(servedUrl).sort(compare);
    diagnostics.push(...findClashes(generated, input.siteHeaders, urls));
    const own = input.siteHeaders.text.replace(/\s+$/, "");
    text += `\n# From ${input.siteHeaders.file}\n${own}\n`;
  }
  return { file: { path: "_headers", data: text }, diagnostics };
}

function findClashes(
  generated: readonly HeaderRule[],
  site: { readonly text: string; readonly file: string },
  urls: readonly string[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ours = generated.map((rule) => ({
    names: new Set(rule.headers.map(([name]) => name.toLowerCase())),
    matches: headerPatternMatcher(rule.pattern),
  }));
  for (const rule of parseHeaderRules(site.text)) {
    const matches = headerPatternMatcher(rule.pattern);
    const covered = urls.filter(matches);
    for (const [name] of rule.headers) {
      const key = name.toLowerCase();
      const setters = ours.filter((o) => o.names.has(key));
      const url = covered.find((u) => setters.some((o) => o.matches(u)));
      if (url === undefined) continue;
      diagnostics.push(
        createDiagnostic(
          "DuplicateUrl",
          `${rule.pattern} sets ${name}, which Newsdeck already sets for ${url}: the host would get two values and join them or pick one`,
          { file: site.file, line: rule.line, field: name, phase: "outputs", hint: clashHint(key) },
        ),
      );
    }
  }
  return diagnostics;
}

function clashHint(header: string): string {
  if (header === "cache-control") {
    return "remove it: pages, feeds and public/ files use headers.htmlCacheControl from the config; a file to cache for good belongs in templates/assets/, which gives it a content-hashed name";
  }
  if (header === "content-security-policy") {
    return "remove it and set headers.contentSecurityPolicy in the config instead";
  }
  return "remove it: Newsdeck already sends this header for every path";
}

/** `.webp` for `images/a/b.webp`; empty for a name without one. */
function extensionOf(outputPath: string): string {
  const name = outputPath.slice(outputPath.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Header values are one line each in `_headers`. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
