/** A URL path that is safe to map to a file under the output folder, or why it is not. */
export type UrlPathCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: string };

const segmentPattern = /^[\p{L}\p{N}._~!$&'()*+,;=:@-]+$/u;

/** File systems allow 255 bytes per name; a segment also becomes `<segment>.html` at most. */
const maxSegmentBytes = 200;

/**
 * Normalises a site URL path (`/politics/2026/05/26/story/`) and rejects anything that could
 * name a file outside the output folder: `..` or `.` segments, backslashes, NUL and control
 * characters, percent-encoded dots or slashes, and paths that are not rooted.
 */
export function checkUrlPath(input: string): UrlPathCheck {
  if (!input.startsWith("/")) return { ok: false, reason: "must start with /" };
  if (input.includes("\\") || hasControlCharacter(input))
    return { ok: false, reason: "contains a backslash or control character" };
  if (/%(?:2e|2f|5c|00)/i.test(input))
    return { ok: false, reason: "contains an encoded dot, slash or NUL" };
  if (input.startsWith("//")) return { ok: false, reason: "must not start with //" };
  const trailing = input.endsWith("/");
  const segments = input.split("/").filter((s) => s !== "");
  for (const segment of segments) {
    if (segment === "." || segment === "..")
      return { ok: false, reason: "contains a . or .. segment" };
    if (!segmentPattern.test(segment))
      return { ok: false, reason: `segment "${segment}" has characters not allowed in a URL` };
    if (Buffer.byteLength(segment) > maxSegmentBytes)
      return { ok: false, reason: `a segment is longer than ${maxSegmentBytes} bytes` };
  }
  const joined = `/${segments.join("/")}`;
  return { ok: true, url: trailing && segments.length > 0 ? `${joined}/` : joined };
}

/**
 * The file an output URL is written to, relative to the output folder (forward slashes):
 * `/a/b/` -> `a/b/index.html`, `/feed.xml` -> `feed.xml`.
 */
export function urlToOutputPath(url: string): string {
  const trimmed = url.replace(/^\/+/, "");
  return url.endsWith("/") ? `${trimmed}index.html` : trimmed;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
