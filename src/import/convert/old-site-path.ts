import { safeDecode } from "../text-escapes.js";

/**
 * The path (with its query) a reference names on the old site: for an absolute URL on one of
 * the old site's hosts, its path; for a root-relative reference, itself; for a relative one,
 * resolved against `base` (the old URL of the page it was written in) when given. Undefined
 * for other hosts, other schemes and fragments alone. Percent-escapes are decoded.
 */
export function oldSitePath(
  ref: string,
  hosts: readonly string[],
  base?: string | undefined,
): string | undefined {
  const trimmed = ref.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  let url: URL;
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("//")) {
      url = new URL(trimmed.startsWith("//") ? `https:${trimmed}` : trimmed);
      if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
      if (!hosts.includes(url.hostname.toLowerCase())) return undefined;
    } else {
      url = new URL(trimmed, `https://old.invalid${base ?? "/"}`);
    }
  } catch {
    return undefined;
  }
  return `${safeDecode(url.pathname)}${url.search}`;
}

/** The old site's hosts from its URLs, with and without `www.`. */
export function hostsOf(urls: readonly (string | undefined)[]): string[] {
  const hosts = new Set<string>();
  for (const value of urls) {
    if (!value) continue;
    try {
      const host = new URL(value).hostname.toLowerCase();
      hosts.add(host);
      hosts.add(host.startsWith("www.") ? host.slice(4) : `www.${host}`);
    } catch {
      // Not a URL: nothing to add.
    }
  }
  return [...hosts].sort();
}
