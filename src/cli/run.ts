import { escapeControlLines } from "../errors/escape-control-characters.js";
import { main } from "./main.js";
import { tolerateClosedOutput } from "./tolerate-closed-output.js";

// The process entry: run the CLI and exit with its code, once output has been flushed. A reader
// that goes away early (`| head -1`) ends the output, not the run.
tolerateClosedOutput();
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
