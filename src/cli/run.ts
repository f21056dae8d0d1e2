import { escapeControlLines } from "../errors/escape-control-characters.js";
import { main } from "./main.js";

// The process entry: run the CLI and exit with its code, once output has been flushed.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `newsdeck crashed: ${escapeControlLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    process.exitCode = 1;
  },
);
