import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { listFiles } from "../../src/files/list-files.js";
import { repoRoot, testNow } from "../helpers/build-site.js";

const run = promisify(execFile);
const vnu = path.join(repoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

interface VnuMessage {
  readonly type: string;
  readonly url: string;
  readonly message: string;
  readonly lastLine?: number;
  readonly extract?: string;
}

describe("the sample site's HTML", () => {
  let root: string;
  beforeAll(async () => {
    // A copy of the sample newsroom, so the build never touches the working tree.
    root = await mkdtemp(path.join(tmpdir(), "newsdeck-vnu-"));
    for (const entry of ["content", "public", "newsdeck.config.ts"]) {
      await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("passes the Nu HTML Checker with no errors on every page", async () => {
    const outDir = path.join(root, "dist");
    const result = await build({ root, outDir, now: testNow });
    expect(result.exitCode).toBe(0);
    const pages = (await listFiles(outDir)).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(40);

    // One checker run over every page (the JVM starts once). vnu exits 1 when it finds errors
    // and writes its JSON report to stderr either way.
    const args = ["-jar", vnu, "--errors-only", "--format", "json", ...pages];
    const report = await run("java", args, { cwd: outDir, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stderr }) => stderr,
      (error: { stderr?: string; code?: unknown }) => {
        if (error.code === "ENOENT")
          throw new Error("java is not installed (Java 17 runs vnu.jar)");
        return error.stderr ?? "";
      },
    );
    const messages = (JSON.parse(report) as { messages: VnuMessage[] }).messages;
    const errors = messages
      .filter((m) => m.type === "error" || m.type === "non-document-error")
      .map((m) => `${m.url.replace(/^.*?\/dist\//, "")}:${m.lastLine ?? "?"}  ${m.message}`);
    expect(errors).toEqual([]);
  }, 300_000);
});
