import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pc from "picocolors";
import { stringify } from "yaml";
import { loadConfig } from "../config/load-config.js";
import { NewsdeckError } from "../errors/diagnostic.js";
import { suggestClosest } from "../errors/suggest-closest.js";
import { slugify } from "../site/slugify.js";
import { formatIsoInZone, zonedParts } from "../site/time.js";
import { parseNow } from "./parse-now.js";
import { printDiagnostics } from "./print-diagnostics.js";
import { printProblem } from "./print-problem.js";

/** Options of `newsdeck new`. */
export interface NewCommandOptions {
  readonly root?: string | undefined;
  readonly section?: string | undefined;
  readonly now?: string | undefined;
}

/**
 * Writes `content/articles/<yyyy>/<mm>/<slug>.md` with filled-in front matter (the date is now,
 * in the site's timezone), refusing to overwrite and validating the section.
 */
export async function runNewCommand(headline: string, options: NewCommandOptions): Promise<number> {
  const root = path.resolve(options.root ?? ".");
  const now = parseNow(options.now);
  if (typeof now !== "number") return usage(now.error);
  if (!headline?.trim())
    return usage('give a headline: newsdeck new "Headline" --section politics');
  if (!options.section) return usage("--section is required (hint: --section politics)");
  let config: Awaited<ReturnType<typeof loadConfig>>["config"];
  try {
    config = (await loadConfig(root)).config;
  } catch (error) {
    if (error instanceof NewsdeckError) {
      printDiagnostics(error.diagnostics);
      return error.exitCode;
    }
    throw error;
  }
  const section = String(options.section);
  const known = config.sections ? Object.keys(config.sections) : undefined;
  if (known ? !known.includes(section) : slugify(section) !== section) {
    const closest = known ? suggestClosest(section, known) : slugify(section);
    return usage(
      `unknown section "${section}"${closest ? ` (hint: did you mean "${closest}"?)` : ""}${known ? `; known sections: ${known.join(", ")}` : ""}`,
    );
  }
  const slug = slugify(headline);
  if (!slug) return usage("the headline gives an empty slug; use words");
  const timeZone = config.site.timezone;
  const parts = zonedParts(now, timeZone);
  const relative = path.posix.join(
    "content",
    "articles",
    String(parts.year),
    String(parts.month).padStart(2, "0"),
    `${slug}.md`,
  );
  const file = path.join(root, relative);
  if (existsSync(file)) {
    printProblem(`${relative} already exists; nothing was written`, "FileExists");
    return 1;
  }
  const frontMatter = stringify(
    {
      title: headline.trim(),
      date: formatIsoInZone(now, timeZone),
      section,
      tags: [],
      authors: [],
    },
    { flow: false },
  );
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `---\n${frontMatter}---\n\nWrite the story here.\n`, { flag: "wx" });
  process.stdout.write(`${pc.green("✓")} created ${relative}\n`);
  return 0;
}

function usage(message: string): number {
  printProblem(message);
  return 2;
}
