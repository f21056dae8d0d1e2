import slugifyText from "@sindresorhus/slugify";

/**
 * The URL segment for a name: lowercase ASCII words joined by hyphens (`COVID-19` ->
 * `covid-19`, `Thandi Mokoena` -> `thandi-mokoena`). Stable: the same name always gives the
 * same slug, so published URLs do not move.
 */
export function slugify(name: string): string {
  return slugifyText(name, { decamelize: false, separator: "-" });
}
