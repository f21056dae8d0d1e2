import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "./build-site.js";

/** What a finished `newsdeck` process did. */
export interface FinishedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `newsdeck` process started by a test. */
export interface NewsdeckProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its exit code and everything it printed. */
  readonly finished: Promise<FinishedRun>;
  /** What it printed to stdout so far. */
  stdout(): string;
  /** What it printed to stderr so far. */
  stderr(): string;
}

/** How a test starts the CLI. */
export interface ProcessOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Options for Node itself, before the CLI's own (`--import` a hook, say). */
  readonly nodeArgs?: readonly string[];
}

/**
 * Starts the real CLI (`src/cli/run.ts` through tsx) as a child process in the repository root,
 * without colours. `stdio` may close a stream on purpose ("ignore" keeps it from being read).
 */
export function startNewsdeck(
  args: readonly string[],
  options: ProcessOptions = {},
): NewsdeckProcess {
  const node = [...(options.nodeArgs ?? []), "--import", "tsx", "src/cli/run.ts"];
  const child = spawn(process.execPath, [...node, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const finished = new Promise<FinishedRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, finished, stdout: () => stdout, stderr: () => stderr };
}

/** Runs the real CLI to the end (see {@link startNewsdeck}). */
export function runNewsdeck(
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<FinishedRun> {
  return startNewsdeck(args, options).finished;
}
