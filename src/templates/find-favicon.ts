import { existsSync } from "node:fs";
import path from "node:path";

/** The icon every page links: where it is served and its media type. */
export interface Favicon {
  readonly href: string;
  readonly type: string;
}

/** A site's own icon in `public/`, by preference: the first one present wins. */
const publicIcons = [
  ["favicon.svg", "image/svg+xml"],
  ["favicon.png", "image/png"],
  ["favicon.ico", "image/x-icon"],
] as const;

/**
 * The site's `public/favicon.svg`, `.png` or `.ico` when it has one, served under its own name;
 * otherwise the theme's `assets/favicon.svg` under its content-hashed name, so a site without a
 * `public/` folder links no missing file. Undefined when neither exists (a theme without an icon).
 */
export function findFavicon(
  root: string,
  assets: ReadonlyMap<string, string>,
): Favicon | undefined {
  for (const [name, type] of publicIcons) {
    if (existsSync(path.join(root, "public", name))) return { href: `/${name}`, type };
  }
  const themeIcon = assets.get("favicon.svg");
  return themeIcon ? { href: themeIcon, type: "image/svg+xml" } : undefined;
}
