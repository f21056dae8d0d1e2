import type { BuildState } from "../cache/build-state.js";
import { compareText } from "../errors/diagnostic.js";
import { encodeSubject } from "../plan/subject.js";
import { hashKey32 } from "./assign-subjects.js";
import type { SiteSubjects } from "./site-subjects.js";

/**
 * Gives every image subject a shard: the shard of the first page that shows it (the article or
 * static page whose stable name sorts first), which renders that page and so publishes the image
 * anyway; every variant of a source goes with it. An image only author bios show goes to a
 * shard by a hash of its path. The users come from the state's image table, which every shard
 * fills alike (see `select-bodies.ts`), so every shard assigns alike.
 */
export function assignImages(
  state: BuildState,
  site: SiteSubjects,
  primary: ReadonlyMap<string, number>,
  count: number,
): Map<string, number> {
  const owners = new Map<string, number>();
  for (const [encoded, subject] of site.subjects) {
    if (subject.kind !== "image") continue;
    let first: { readonly key: string; readonly owner: number } | undefined;
    for (const user of state.tables.imageUsers.get(subject.file) ?? []) {
      const page = userSubject(user);
      const owner = page === undefined ? undefined : primary.get(page);
      if (page === undefined || owner === undefined) continue;
      const key = site.stableKey(page);
      if (!first || compareText(key, first.key) < 0) first = { key, owner };
    }
    owners.set(encoded, first?.owner ?? (hashKey32(site.stableKey(encoded)) % count) + 1);
  }
  return owners;
}

/** The page subject of an image user (`a:12` is `article:12`, `p:<file>` is `page:<file>`). */
function userSubject(user: string): string | undefined {
  if (user.startsWith("a:")) return encodeSubject({ kind: "article", id: Number(user.slice(2)) });
  if (user.startsWith("p:")) return encodeSubject({ kind: "page", file: user.slice(2) });
  return undefined;
}
