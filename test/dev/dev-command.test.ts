import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listen } from "../../src/dev/listen.js";
import { copyFixture } from "../helpers/build-site.js";
import { startNewsdeck } from "../helpers/newsdeck-process.js";
import { getRaw, pollUntil } from "./dev-harness.js";

/** `newsdeck dev` as a real child process, with its own TMPDIR so leftovers can be seen. */
function startCli(args: readonly string[], tempRoot: string) {
  const run = startNewsdeck(["dev", ...args], { env: { TMPDIR: tempRoot } });
  /** Waits for the process to exit (the test's timeout bounds it) and returns its exit code. */
  const exited = async () => (await run.finished).code;
  return { child: run.child, exited, stdout: run.stdout, stderr: run.stderr };
}

async function stopIfRunning(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

describe("newsdeck dev as a process", { timeout: 180_000 }, () => {
  it("serves the site, and on SIGINT exits 0 leaving no temporary folder behind", async () => {
    const root = await copyFixture("dev-newsroom");
    const tempRoot = await mkdtemp(path.join(tmpdir(), "newsdeck-dev-cli-test-"));
    const cli = startCli(["--root", root, "--port", "0"], tempRoot);
    try {
      const url = await pollUntil(
        async () => /serving (http:\/\/\S+)/.exec(cli.stdout())?.[1],
        `the URL line (stdout: ${cli.stdout()} stderr: ${cli.stderr()})`,
      );
      const tempDir = /building into (\S+)/.exec(cli.stdout())?.[1] ?? "";
      expect(path.dirname(tempDir)).toBe(tempRoot);
      const home = await pollUntil(async () => {
        const page = await getRaw(url, "/");
        return page.status === 200 && page;
      }, "the first build to be served");
      expect(home.$("title").text()).toContain("The Millbrook Echo");
      expect(existsSync(tempDir)).toBe(true);

      cli.child.kill("SIGINT");
      expect(await cli.exited()).toBe(0);
      expect(cli.stdout()).toContain("stopped");
      expect(existsSync(tempDir)).toBe(false);
      expect((await readdir(tempRoot)).filter((name) => name.startsWith("newsdeck-"))).toEqual([]);
      expect(existsSync(path.join(root, "dist"))).toBe(false);
    } finally {
      await stopIfRunning(cli.child);
      await rm(root, { recursive: true, force: true });
      await rm(tempRoot, { recursive: true, force: true });
    }
  });

  it("exits 2 with a clear message when the port given with --port is busy", async () => {
    const tempRoot = await mkdtemp(path.join(tmpdir(), "newsdeck-dev-cli-test-"));
    const holder = createServer();
    try {
      const port = await listen(holder, { port: 0, host: "localhost", strictPort: true });
      const cli = startCli(
        ["--root", "test/fixtures/dev-newsroom", "--port", String(port)],
        tempRoot,
      );
      try {
        expect(await cli.exited()).toBe(2);
        expect(cli.stderr()).toContain(`port ${port} on localhost is already in use`);
        expect(cli.stderr()).toContain("--port 0");
        expect((await readdir(tempRoot)).filter((name) => name.startsWith("newsdeck-"))).toEqual(
          [],
        );
      } finally {
        await stopIfRunning(cli.child);
      }
    } finally {
      holder.close();
      await rm(tempRoot, { recursive: true, force: true });
    }
  });
});
