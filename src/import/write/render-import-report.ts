import { escapeControlCharacters } from "../../errors/escape-control-characters.js";
import { type ImportNote, importNoteCatalog } from "../import-notes.js";

/** The figures of an import, for the report and the summary line. */
export interface ImportCounts {
  readonly articles: number;
  readonly drafts: number;
  readonly pages: number;
  readonly authors: number;
  readonly sections: readonly string[];
  readonly files: number;
  readonly redirects: number;
  /** Other figures the reader gave (attachments, comments), by name. */
  readonly source: ReadonlyMap<string, number>;
  /** Hosts the kept embeds load from, which the written config allows. */
  readonly embedHosts: readonly string[];
}

const groups = [
  [
    "unreadable",
    "Could not be read",
    "Nothing was imported from these: fix them in the source and import again.",
  ],
  [
    "lossy",
    "Converted with a loss, or not at all",
    "What the old site showed that the new one shows differently or not at all.",
  ],
  [
    "normalised",
    "Normalised",
    "Quirks of the archive that were straightened out so that the site builds.",
  ],
] as const;

/**
 * `import-report.md`: what was imported, then every note, grouped (unreadable, lossy,
 * normalised), each group with a count per kind and one `path:line` line per note. Holds no
 * time and no absolute path, so the same archive gives the same report.
 */
export function renderImportReport(
  generator: string,
  origin: string,
  counts: ImportCounts,
  notes: readonly ImportNote[],
): string {
  const lines = [
    "# Import report",
    "",
    `Imported from ${generator} (${origin}) by \`newsdeck import\`.`,
    "",
    "| | |",
    "|---|---|",
    `| Stories | ${counts.articles} (${counts.articles - counts.drafts} to publish, ${counts.drafts} draft${counts.drafts === 1 ? "" : "s"}) |`,
    `| Static pages | ${counts.pages} |`,
    `| Author bios | ${counts.authors} |`,
    `| Sections | ${counts.sections.length ? counts.sections.join(", ") : "none"} |`,
    `| Files copied into public/ | ${counts.files} |`,
    `| Old URLs kept as redirects | ${counts.redirects} |`,
    ...[...counts.source].map(
      ([name, value]) => `| ${name[0]?.toUpperCase()}${name.slice(1)} in the source | ${value} |`,
    ),
    "",
  ];
  if (counts.embedHosts.length) {
    lines.push(
      `Embeds were kept as \`::embed\` story blocks, which load their frame only when a reader presses play, from ${counts.embedHosts.join(", ")}: the config now allows these hosts (\`embeds.allow\`).`,
      "",
    );
  }
  for (const [group, heading, intro] of groups) {
    const inGroup = notes.filter((note) => importNoteCatalog[note.code].group === group);
    lines.push(`## ${heading} (${inGroup.length})`, "");
    if (inGroup.length === 0) {
      lines.push("Nothing.", "");
      continue;
    }
    lines.push(intro, "", "| kind | count | |", "|---|---|---|");
    const byCode = new Map<string, number>();
    for (const note of inGroup) byCode.set(note.code, (byCode.get(note.code) ?? 0) + 1);
    for (const [code, count] of [...byCode].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      lines.push(
        `| ${code} | ${count} | ${importNoteCatalog[code as keyof typeof importNoteCatalog].title} |`,
      );
    }
    lines.push("");
    // Messages quote the archive: its control characters are shown escaped, never written.
    for (const note of inGroup) {
      lines.push(`- \`${locate(note)}\`  ${note.code}  ${escapeControlCharacters(note.message)}`);
    }
    lines.push("");
  }
  lines.push(
    "## Next",
    "",
    "Build the site with `npx newsdeck build`, look at it with `npx newsdeck dev`, and search this",
    "report for what to check by hand. Every old URL kept above has a redirect page and a line in",
    "`_redirects`.",
    "",
  );
  return lines.join("\n");
}

/** `path:line`, or the path alone for notes about the whole file. */
export function locate(note: ImportNote): string {
  return note.line > 0 ? `${note.file}:${note.line}` : note.file;
}
