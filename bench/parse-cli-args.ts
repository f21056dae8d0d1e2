import { parseArgs } from "node:util";

/** String options of a bench script, each with an optional default. */
type StringOptions = Record<string, { type: "string"; default?: string }>;

/**
 * Parses a bench script's command line: prints the usage and exits 2 on a bad option, prints
 * it and returns `undefined` for `--help`/`-h`. Every option is a string; the script checks
 * values.
 */
export function parseCliArgs<T extends StringOptions>(
  options: T,
  usage: string,
): { [K in keyof T]?: string } | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: { ...options, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  return values as { [K in keyof T]?: string };
}
