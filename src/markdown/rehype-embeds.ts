import type { Element, Properties, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import type { VFile } from "vfile";

/** Options for {@link rehypeEmbeds}. */
export interface EmbedsOptions {
  /** Hosts whose iframes are kept, exactly as in the config's `embeds.allow`. */
  readonly allow: readonly string[];
}

/**
 * What a kept embed may do. Scripts and its own origin are what video players need; both are
 * safe together only because the frame is on another host than the site (an allowed host that
 * served the site itself could lift its own sandbox). No top navigation, no forms, no modals,
 * no popups that escape the sandbox.
 */
const sandbox = ["allow-scripts", "allow-same-origin", "allow-popups", "allow-presentation"];

/** Permissions delegated to a kept embed, whatever the body asked for (no camera, no mic). */
const permissions = "encrypted-media; fullscreen; picture-in-picture";

/**
 * Keeps an `<iframe>` only when its `src` is an https URL whose host (with its port, if not
 * 443) is exactly one of the allowed hosts, without credentials; every other iframe is removed
 * with its content. A kept iframe gets a fresh set of attributes: the normalized `src`, its
 * size and title, and always `sandbox`, a fixed `allow` list, `loading="lazy"` and a referrer
 * policy. Runs after sanitizing, which has already dropped event handlers and `srcdoc`.
 */
export function rehypeEmbeds(options: EmbedsOptions) {
  const allowed = new Set(options.allow.map((host) => host.trim().toLowerCase()));
  return (tree: Root, file: VFile) => {
    // An iframe can only come from raw HTML that names one: most bodies are not walked.
    if (!/<iframe/i.test(String(file.value))) return;
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName !== "iframe" || !parent || index === undefined) return;
      const url = embedUrl(node.properties.src);
      if (!url || !allowed.has(url.host)) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      node.properties = embedProperties(node.properties, url);
      node.children = [];
      return SKIP;
    });
  };
}

/** The iframe's URL when it is https without credentials, else `undefined`. */
function embedUrl(src: unknown): URL | undefined {
  if (typeof src !== "string") return undefined;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username || url.password) return undefined;
  return url;
}

function embedProperties(given: Properties, url: URL): Properties {
  const title = typeof given.title === "string" && given.title.trim() ? given.title : undefined;
  const properties: Properties = {
    // Serialize the URL as parsed, so the browser loads exactly what was checked.
    src: url.href,
    title: title ?? `Embedded content from ${url.host}`,
  };
  if (isSize(given.width)) properties.width = given.width;
  if (isSize(given.height)) properties.height = given.height;
  if (given.allowFullScreen === true) properties.allowFullScreen = true;
  properties.sandbox = [...sandbox];
  properties.allow = permissions;
  properties.loading = "lazy";
  properties.referrerPolicy = "strict-origin-when-cross-origin";
  return properties;
}

function isSize(value: unknown): value is number | string {
  return typeof value === "number" || (typeof value === "string" && /^\d+%?$/.test(value));
}
