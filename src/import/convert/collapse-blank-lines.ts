/**
 * Markdown with runs of blank lines (left where a shortcode or Liquid tag was removed, or a
 * block was put on its own lines) shortened to one, except inside fenced code, where every
 * line is the code's.
 */
export function collapseBlankLines(markdown: string): string {
  const lines = markdown.split("\n");
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) fence = marker;
    else if (
      fence !== undefined &&
      marker &&
      marker[0] === fence[0] &&
      marker.length >= fence.length &&
      line.trim() === marker
    )
      fence = undefined;
    if (
      fence === undefined &&
      line.trim() === "" &&
      kept.length > 0 &&
      kept[kept.length - 1]?.trim() === ""
    )
      continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}
