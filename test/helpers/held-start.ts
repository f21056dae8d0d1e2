import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { isMainThread } from "node:worker_threads";

/**
 * Preloaded (`--import`) into a `newsdeck` process that `startHeldNewsdeck` starts: loads the
 * CLI's modules, those a build loads on first use included, writes `<gate>.ready`, then holds
 * the process until the file `<gate>` (named by `NEWSDECK_TEST_HELD_UNTIL`) exists. A test can
 * start the next process while the current one runs, and time what a command does from the
 * moment it is let go rather than Node's start-up and module loading. Worker threads (which
 * inherit the preload) are neither held nor preloaded.
 *
 * The gate file may name a moment to stop at, as JSON `{ "stopBefore": { "path", "count" } }`:
 * just before the `count`-th rename whose destination is `path` or inside it (a file moved into
 * the output folder, the build state renamed into place), the process writes `<gate>.stopped`
 * and waits, never to go on: the test kills it there, at a moment no timer could hit reliably.
 */
const gate = process.env.NEWSDECK_TEST_HELD_UNTIL;
if (isMainThread && gate) {
  // What a build imports on first use (a missing one only makes the command slower).
  await Promise.all([
    import("../../src/cli/main.js"),
    import("../../src/cli/build-command.js"),
    import("../../src/config/parse-config.js"),
    import("../../src/content/body-text.js"),
    import("../../src/content/parse-front-matter.js"),
    import("../../src/content/validate-article.js"),
    import("../../src/markdown/markdown-worker.js"),
    import("../../src/outputs/feeds.js"),
    import("hast-util-to-html"),
    import("pagefind"),
    import("piscina"),
    import("sharp"),
  ]);
  fs.writeFileSync(`${gate}.ready`, "");
  while (!fs.existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 2));
  const { stopBefore } = JSON.parse(fs.readFileSync(gate, "utf8") || "{}") as {
    stopBefore?: { readonly path: string; readonly count: number };
  };
  if (stopBefore) stopBeforeRename(gate, stopBefore.path, stopBefore.count);
}

/** Makes the `count`-th rename into `target` (or inside it) stop the process for good. */
function stopBeforeRename(gate: string, target: string, count: number): void {
  let seen = 0;
  const check = (to: fs.PathLike) => {
    const destination = path.resolve(String(to));
    if (destination !== target && !destination.startsWith(`${target}${path.sep}`)) return;
    if (++seen < count) return;
    fs.writeFileSync(`${gate}.stopped`, "");
    // Blocks this thread for good; SIGKILL still ends the process.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
  const renameSync = fs.renameSync;
  fs.renameSync = (from, to) => {
    check(to);
    renameSync(from, to);
  };
  const rename = fs.promises.rename;
  fs.promises.rename = async (from, to) => {
    check(to);
    await rename(from, to);
  };
  // ES module imports of node:fs and node:fs/promises see the replacements too.
  syncBuiltinESMExports();
}
