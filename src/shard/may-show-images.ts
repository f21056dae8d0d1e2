/**
 * Whether a Markdown file may show a local image in its body: Markdown images (`![alt](src)`,
 * `![alt][ref]`) and raw HTML `<img>` are the only ways a body makes an `img` element, and each
 * needs these characters, so a file without them shows none. Cheap (one scan of the bytes, read
 * as Latin-1), and never wrong that way round: a false alarm costs a render, never a missed
 * image. A new body construct that makes local images must be added here; the test of this
 * module renders generated bodies to hold it to that.
 */
export function mayShowImages(text: string): boolean {
  return /!\[|<img/i.test(text);
}
