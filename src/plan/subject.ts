/**
 * What an output shows, as the build plans it: each output file belongs to one subject, and a
 * subject renders to one or more files (a sitemap to its parts, an image to its variants). The
 * state records each file's subject, so a changed template or source leads back to the files to
 * make again. Encoded as a short string (`article:12`, `listing:t:covid-19:2`).
 */
export type Subject =
  | { readonly kind: "article"; readonly id: number }
  | { readonly kind: "listing"; readonly list: string; readonly page: number }
  | { readonly kind: "home" }
  | { readonly kind: "notFound" }
  | { readonly kind: "page"; readonly file: string }
  | { readonly kind: "alias"; readonly from: string }
  | { readonly kind: "redirects" }
  | { readonly kind: "siteFeeds" }
  | { readonly kind: "termFeed"; readonly list: string }
  | { readonly kind: "sitemap" }
  | { readonly kind: "newsSitemap" }
  | { readonly kind: "robots" }
  | { readonly kind: "assets" }
  | { readonly kind: "image"; readonly file: string }
  | { readonly kind: "public"; readonly file: string }
  | { readonly kind: "headers" }
  | { readonly kind: "manifest" }
  | { readonly kind: "extra"; readonly name: string };

/** A subject as the state stores it. */
export function encodeSubject(subject: Subject): string {
  switch (subject.kind) {
    case "article":
      return `article:${subject.id}`;
    case "listing":
      return `listing:${subject.page}:${subject.list}`;
    case "page":
    case "image":
    case "public":
      return `${subject.kind}:${subject.file}`;
    case "alias":
      return `alias:${subject.from}`;
    case "termFeed":
      return `termFeed:${subject.list}`;
    case "extra":
      return `extra:${subject.name}`;
    default:
      return subject.kind;
  }
}

/** Reverses {@link encodeSubject}; undefined for a string no subject encodes to. */
export function decodeSubject(text: string): Subject | undefined {
  const colon = text.indexOf(":");
  const kind = colon === -1 ? text : text.slice(0, colon);
  const rest = colon === -1 ? "" : text.slice(colon + 1);
  switch (kind) {
    case "article":
      return { kind, id: Number(rest) };
    case "listing": {
      const at = rest.indexOf(":");
      return { kind, page: Number(rest.slice(0, at)), list: rest.slice(at + 1) };
    }
    case "page":
    case "image":
    case "public":
      return { kind, file: rest };
    case "alias":
      return { kind, from: rest };
    case "termFeed":
      return { kind, list: rest };
    case "extra":
      return { kind, name: rest };
    case "home":
    case "notFound":
    case "redirects":
    case "siteFeeds":
    case "sitemap":
    case "newsSitemap":
    case "robots":
    case "assets":
    case "headers":
    case "manifest":
      return { kind };
    default:
      return undefined;
  }
}
