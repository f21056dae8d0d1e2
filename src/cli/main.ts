import { cac } from "cac";
import { newsdeckPackage } from "./newsdeck-package.js";
import { printProblem } from "./print-problem.js";

/** Runs the `newsdeck` command line and returns the exit code (contract section 6). */
export async function main(argv: readonly string[]): Promise<number> {
  const cli = cac("newsdeck");
  let pending: Promise<number> | undefined;

  cli
    .command("build", "Build the site into the output folder")
    .option("--root <dir>", "Site folder", { default: "." })
    .option("--out <dir>", "Output folder (default: <root>/dist)")
    .option("--now <iso>", "Build time, ISO 8601 (default: the current time)")
    .option("--drafts", "Include drafts (previews only)")
    .option("--future", "Include future-dated articles (previews only)")
    .option("--base-url <url>", "Absolute URL of the site (overrides site.url)")
    .option("--strict", "Warnings fail the build")
    .option("--report <file>", "Write phase timings and peak memory as JSON")
    .option("--no-minify", "Do not minify HTML (overrides build.minify)")
    .option(
      "--threads <n>",
      "Markdown and page-writing threads (default: the number of cores; 0 for none)",
    )
    .option(
      "--wait [seconds]",
      "Wait for another build of the same output or cache to finish (default: exit 2 at once; alone: up to 600 s)",
    )
    .option(
      "--shard <k/n>",
      "Build only shard K of N (default output: dist-shards/K-of-N; needs --now), for newsdeck merge",
    )
    .action((options) => {
      // Each command loads its own modules: `newsdeck --help` or a diff loads no build.
      pending = import("./build-command.js").then((m) => m.runBuildCommand(options, false));
    });

  cli
    .command(
      "merge [...shardDirs]",
      "Merge the shards of one build (newsdeck build --shard K/N) into the output folder",
    )
    .option("--out <dir>", "Output folder", { default: "dist" })
    .action((shardDirs: string[], options) => {
      pending = import("./merge-command.js").then((m) => m.runMergeCommand(shardDirs, options));
    });

  cli
    .command("check", "Validate everything a build would, writing nothing")
    .option("--root <dir>", "Site folder", { default: "." })
    .option("--now <iso>", "Build time, ISO 8601")
    .option("--drafts", "Also check drafts")
    .option("--future", "Also check future-dated articles")
    .option("--strict", "Warnings fail the check")
    .option("--report <file>", "Write phase timings and peak memory as JSON")
    .option(
      "--threads <n>",
      "Markdown and page-writing threads (default: the number of cores; 0 for none)",
    )
    .action((options) => {
      pending = import("./build-command.js").then((m) => m.runBuildCommand(options, true));
    });

  cli
    .command("new <headline>", "Write a new article file with filled-in front matter")
    .option("--section <id>", "Section id from the config")
    .option("--root <dir>", "Site folder", { default: "." })
    .option("--now <iso>", "Creation time, ISO 8601")
    .action((headline: string, options) => {
      pending = import("./new-command.js").then((m) => m.runNewCommand(headline, options));
    });

  cli
    .command("dev", "Build with drafts and scheduled articles, serve, rebuild and reload on change")
    .option("--root <dir>", "Site folder", { default: "." })
    .option("--port <n>", "Port (default: 4000, or the next free one; 0 for any free port)")
    .option("--host <host>", "Host name or address to listen on", { default: "localhost" })
    .option("--open", "Open the site in the default browser")
    .action((options) => {
      pending = import("./dev-command.js").then((m) => m.runDevCommand(options));
    });

  cli
    .command(
      "diff <oldManifest> <newManifest>",
      "List files added, changed and removed between two deploy manifests, and the URLs to purge",
    )
    .option("--json", "Print JSON for CI scripts")
    .action((oldManifest: string, newManifest: string, options) => {
      pending = import("./diff-command.js").then((m) =>
        m.runDiffCommand(oldManifest, newManifest, options),
      );
    });

  cli
    .command(
      "init [dir]",
      "Write a new site (config, example story, workflows) into an empty folder",
    )
    .option("--title <title>", "Site title (default: from the folder name)")
    .option("--url <url>", "Address the site is served from (default: https://example.org)")
    .option("--language <tag>", "Language of the site, a BCP 47 tag (default: en)")
    .option("--timezone <zone>", "IANA time zone for dates (default: this machine's)")
    .option("--force", "Write into a folder that is not empty, adding only the files it lacks")
    .option("--now <iso>", "Date of the example story, ISO 8601 (default: now)")
    .action((dir: string | undefined, options) => {
      pending = import("./init-command.js").then((m) => m.runInitCommand(dir, options));
    });

  cli
    .command(
      "import <format> <source>",
      "Turn a WordPress export, Hugo or Jekyll site into a Newsdeck site that keeps every old URL",
    )
    .option("--out <dir>", "Site folder to write (default: <source name>-newsdeck)")
    .option("--site-url <url>", "The site's address; images the source lacks load from it")
    .option("--section <id>", "Put every story in this section (categories become tags)")
    .option("--uploads <dir>", "WordPress: a copy of wp-content/uploads, to copy images from")
    .option("--force", "Replace --out when it is not empty")
    .action((format: string, source: string, options) => {
      pending = import("./import-command.js").then((m) =>
        m.runImportCommand(format, source, options),
      );
    });

  cli.help();
  cli.version(newsdeckPackage.version);
  try {
    cli.parse(["node", "newsdeck", ...argv], { run: false });
    if (!cli.matchedCommand) {
      if (cli.options.help || cli.options.version) return 0;
      printProblem(
        `${argv.length ? `unknown command "${argv[0]}"` : "no command given"} (hint: newsdeck init | build | merge | dev | check | new | diff | import)`,
      );
      cli.outputHelp();
      return 2;
    }
    await cli.runMatchedCommand();
  } catch (error) {
    printProblem(error instanceof Error ? error.message : String(error));
    return 2;
  }
  return pending ? await pending : 0;
}
