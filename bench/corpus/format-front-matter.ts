/** The front-matter fields the generator writes, in the order it writes them. */
export interface GeneratedFrontMatter {
  title: string;
  date: string;
  updated?: string;
  section: string;
  tags: readonly string[];
  authors: readonly string[];
  source?: string;
  dateline?: string;
  summary?: string;
  image?: { src: string; alt: string; caption: string; credit: string };
  credits?: string;
}

/**
 * Formats front matter the way an editor would type it: plain scalars where YAML allows them,
 * flow lists for tags and authors, dates unquoted, and double quotes only where a value would
 * otherwise be misread (a colon in "Analysis: ...", a comma inside a flow list).
 */
export function formatFrontMatter(fields: GeneratedFrontMatter): string {
  const lines = ["---", `title: ${scalar(fields.title)}`, `date: ${fields.date}`];
  if (fields.updated !== undefined) {
    lines.push(`updated: ${fields.updated}`);
  }
  lines.push(`section: ${scalar(fields.section)}`);
  lines.push(`tags: ${flowList(fields.tags)}`);
  lines.push(`authors: ${flowList(fields.authors)}`);
  if (fields.source !== undefined) {
    lines.push(`source: ${scalar(fields.source)}`);
  }
  if (fields.dateline !== undefined) {
    lines.push(`dateline: ${scalar(fields.dateline)}`);
  }
  if (fields.summary !== undefined) {
    lines.push(`summary: ${scalar(fields.summary)}`);
  }
  if (fields.image !== undefined) {
    lines.push("image:");
    lines.push(`  src: ${fields.image.src}`);
    lines.push(`  alt: ${scalar(fields.image.alt)}`);
    lines.push(`  caption: ${scalar(fields.image.caption)}`);
    lines.push(`  credit: ${scalar(fields.image.credit)}`);
  }
  if (fields.credits !== undefined) {
    lines.push(`credits: ${scalar(fields.credits)}`);
  }
  lines.push("---");
  return `${lines.join("\n")}\n`;
}

// Words YAML 1.1 or 1.2 would read as booleans or null.
const reservedWords = /^(true|false|yes|no|on|off|null|~)$/i;

function scalar(value: string): string {
  return isPlainSafe(value, false) ? value : JSON.stringify(value);
}

function flowList(values: readonly string[]): string {
  const items = values.map((value) => (isPlainSafe(value, true) ? value : JSON.stringify(value)));
  return `[${items.join(", ")}]`;
}

/**
 * Whether a string survives as a plain YAML scalar. Deliberately conservative: anything unusual
 * is quoted, and a JSON string is always a valid YAML double-quoted scalar.
 */
function isPlainSafe(value: string, inFlowList: boolean): boolean {
  if (!/^[A-Za-z0-9]/.test(value) || value !== value.trim()) {
    return false;
  }
  if (reservedWords.test(value) || /^[0-9.+\-:_ ]+$/.test(value)) {
    return false;
  }
  if (/: |:$| #|[\n\t]/.test(value)) {
    return false;
  }
  return !(inFlowList && /[,[\]{}]/.test(value));
}
