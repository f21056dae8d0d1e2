import path from "node:path";
import pc from "picocolors";
import { initSite } from "../init/init-site.js";
import { resolveStarterValues } from "../init/resolve-starter-values.js";
import { newsdeckPackage } from "./newsdeck-package.js";
import { parseNow } from "./parse-now.js";

/** Options of `newsdeck init`. */
export interface InitCommandOptions {
  readonly title?: string | undefined;
  readonly url?: string | undefined;
  readonly language?: string | undefined;
  readonly timezone?: string | undefined;
  readonly force?: boolean | undefined;
  readonly now?: string | undefined;
}

/**
 * Writes a complete new site into `dir` (default: the current folder): config, an example story
 * with its pictures, an author, about and support pages, `templates/` and `public/`, the GitHub
 * Actions workflows, package.json, .gitignore and a README. Exit 2 for bad flags or a folder
 * that is not empty (without `--force`).
 */
export async function runInitCommand(
  dir: string | undefined,
  options: InitCommandOptions,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const fail = (message: string, code: string) => {
    stderr.write(`${pc.red(message)} [${code}]\n`);
    return 2;
  };
  const target = path.resolve(dir === undefined ? "." : String(dir));
  // The folder as the user named it, so that `cd` in the next steps works from where they are.
  const shown = dir === undefined ? "." : String(dir).replace(/\/+$/, "") || "/";
  const now = parseNow(options.now);
  if (typeof now !== "number") return fail(now.error, "UsageInvalid");
  // cac reads a value that looks like a number as one (`--title 1843`): settings are text.
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  const resolved = resolveStarterValues(
    {
      title: text(options.title),
      url: text(options.url),
      language: text(options.language),
      timezone: text(options.timezone),
    },
    {
      target,
      now,
      version: newsdeckPackage.version,
      node: newsdeckPackage.node,
      machineTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  );
  if ("error" in resolved) return fail(resolved.error, "UsageInvalid");

  const result = await initSite({ target, values: resolved.values, force: options.force });
  if (!result.ok) {
    if (result.reason === "not-a-folder")
      return fail(`${shown} is a file, not a folder; nothing was written`, "UsageInvalid");
    const listed = result.entries.slice(0, 5).join(", ");
    const more = result.entries.length > 5 ? ` and ${result.entries.length - 5} more` : "";
    return fail(
      `${shown}/ is not empty (${listed}${more}); nothing was written (hint: name a new folder, newsdeck init my-site, or add --force to write only the files it lacks)`,
      "FolderNotEmpty",
    );
  }

  stdout.write(
    `${pc.green("✓")} created ${resolved.values.title} in ${shown}/: ${result.written.length} files\n`,
  );
  if (result.kept.length > 0)
    stdout.write(
      `${pc.yellow("kept")} ${result.kept.length} existing file${result.kept.length === 1 ? "" : "s"} as they were: ${result.kept.join(", ")}\n`,
    );
  if (result.kept.includes("package.json"))
    stdout.write(
      'your package.json was kept: the workflows and README expect "build": "newsdeck build", "dev": "newsdeck dev" and "check": "newsdeck check" in its scripts, and newsdeck in its dependencies\n',
    );
  const steps = [
    ...(shown === "." ? [] : [`cd ${shown}`]),
    "npm install",
    "npm run dev        # preview at http://localhost:4000/",
  ];
  stdout.write(`\nNext:\n${steps.map((step) => `  ${step}`).join("\n")}\n\nThen read README.md.\n`);
  return 0;
}
