import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, renameSync, writeFileSync } from "node:fs";
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
  /**
   * Loads the CLI's modules, then holds the process until this file exists (see
   * `held-start.ts`); {@link startHeldNewsdeck} is the way to use it.
   */
  readonly heldUntil?: string | undefined;
}

/** Where a held process is to stop for good once let go (see `held-start.ts`). */
export interface StopAt {
  /** Just before the `count`-th rename into `path` (an absolute path) or a path inside it. */
  readonly stopBefore: { readonly path: string; readonly count: number };
}

/** A `newsdeck` process started with its modules loaded, waiting to be let go. */
export interface HeldNewsdeckProcess extends NewsdeckProcess {
  /** Resolves once the process has loaded its modules and waits to be let go. */
  ready(): Promise<void>;
  /**
   * Waits until the process has loaded its modules, lets the command run (to stop at `stop`,
   * when given) and returns the moment it did (`performance.now()`). Rejects if the process
   * ended before it was let go.
   */
  release(stop?: StopAt): Promise<number>;
  /** True once the process has reached the moment it was told to stop at, and waits there. */
  stopped(): boolean;
}

/**
 * Starts the real CLI like {@link startNewsdeck}, but holds it once Node has started and the
 * CLI's modules are loaded, until {@link HeldNewsdeckProcess.release}: a test that times or
 * interrupts a command measures the command, not the start-up, and can start the next process
 * while one runs. `gate` is a path for a file that does not exist yet (a fresh one per process).
 */
export function startHeldNewsdeck(
  args: readonly string[],
  gate: string,
  options: Omit<ProcessOptions, "heldUntil"> = {},
): HeldNewsdeckProcess {
  const started = startNewsdeck(args, { ...options, heldUntil: gate });
  let ended = false;
  const end = () => {
    ended = true;
  };
  started.finished.then(end, end);
  const ready = async () => {
    while (!existsSync(`${gate}.ready`)) {
      if (ended) throw new Error(`newsdeck ended before it was let go: ${started.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    ...started,
    ready,
    async release(stop) {
      await ready();
      // Renamed into place: the process never reads the gate half-written.
      writeFileSync(`${gate}.next`, stop ? JSON.stringify(stop) : "");
      renameSync(`${gate}.next`, gate);
      return performance.now();
    },
    stopped: () => existsSync(`${gate}.stopped`),
  };
}

/**
 * Starts the real CLI (`src/cli/run.ts` through tsx) as a child process in the repository root,
 * without colours. `stdio` may close a stream on purpose ("ignore" keeps it from being read).
 */
export function startNewsdeck(
  args: readonly string[],
  options: ProcessOptions = {},
): NewsdeckProcess {
  // The held start imports the CLI's TypeScript modules: it goes after tsx.
  const held = options.heldUntil
    ? ["--import", new URL("./held-start.ts", import.meta.url).href]
    : [];
  const node = [...(options.nodeArgs ?? []), "--import", "tsx", ...held, "src/cli/run.ts"];
  const child = spawn(process.execPath, [...node, ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: undefined,
      NEWSDECK_TEST_HELD_UNTIL: options.heldUntil,
      ...options.env,
    },
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
