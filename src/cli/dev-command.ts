import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { type DevServer, startDevServer } from "../dev/dev-server.js";
import { PortBusyError } from "../dev/listen.js";
import { openBrowser } from "../dev/open-browser.js";
import { limitHeapGrowth } from "../memory/collect-garbage.js";
import { parseNow } from "./parse-now.js";
import { printProblem } from "./print-problem.js";
import { tolerateClosedOutput } from "./tolerate-closed-output.js";

/** Options of `newsdeck dev`. */
export interface DevCommandOptions {
  readonly root?: string | undefined;
  readonly port?: string | number | undefined;
  readonly host?: string | undefined;
  readonly open?: boolean | undefined;
}

/** Signals that stop the server cleanly: Ctrl-C, `kill`, and the terminal closing. */
const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The port tried first when `--port` is not given; the next free one is used if it is busy. */
const defaultDevPort = 4000;

/**
 * Runs the dev server until SIGINT, SIGTERM or SIGHUP, then stops it cleanly (the temporary build
 * folder removed) and returns 0. A second signal stops at once, without waiting for a build.
 */
export async function runDevCommand(options: DevCommandOptions): Promise<number> {
  limitHeapGrowth();
  const root = path.resolve(options.root ?? ".");
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return usage(`the site folder ${root} does not exist (hint: --root path/to/site)`);
  }
  const explicitPort = options.port !== undefined;
  const port = explicitPort ? Number(options.port) : defaultDevPort;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return usage(`--port "${options.port}" is not a port number (hint: --port 4000, or 0 for any)`);
  }
  const host = options.host ?? "localhost";

  let server: DevServer | undefined;
  let stopping = false;
  let requestStop = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  const onSignal = () => {
    if (stopping) {
      // Second Ctrl-C: do not wait for the running build.
      if (server) rmSync(server.tempDir, { recursive: true, force: true });
      process.exit(130);
    }
    stopping = true;
    requestStop();
  };
  // A closed terminal (SIGHUP, or a reader gone so writes fail with EPIPE) must still let the
  // server clean up its temporary folder.
  const restoreOutput = tolerateClosedOutput();
  for (const signal of stopSignals) process.on(signal, onSignal);
  try {
    try {
      server = await startDevServer({
        root,
        port,
        host,
        strictPort: explicitPort && port !== 0,
        clock: () => {
          const now = parseNow(undefined);
          return typeof now === "number" ? now : Number.NaN;
        },
      });
    } catch (error) {
      if (!(error instanceof PortBusyError)) throw error;
      return usage(
        explicitPort
          ? `${error.message} (hint: stop what uses it, choose another with --port, or --port 0 for any free port)`
          : `${error.message} (hint: choose a port with --port)`,
      );
    }
    if (!explicitPort && server.port !== port) {
      process.stdout.write(`port ${port} is busy, using ${server.port} instead\n`);
    }
    process.stdout.write(
      `${pc.bold("newsdeck dev")} serving ${pc.cyan(server.url)}  (drafts and scheduled articles included; Ctrl-C to stop)\n` +
        `${pc.dim(`building into ${server.tempDir} (removed on exit), watching content/, templates/, public/ and the config`)}\n`,
    );
    if (options.open) {
      const opened = openBrowser(server.url);
      process.stdout.write(
        opened.opened
          ? `opened ${server.url} with ${opened.command}\n`
          : `--open: cannot open a browser: ${opened.reason}; open ${server.url} yourself\n`,
      );
    }
    await stopRequested;
    process.stdout.write("stopping (Ctrl-C again to quit at once)\n");
    await server.close();
    process.stdout.write("stopped; the temporary build folder was removed\n");
    return 0;
  } finally {
    for (const signal of stopSignals) process.off(signal, onSignal);
    restoreOutput();
  }
}

function usage(message: string): number {
  printProblem(message);
  return 2;
}
