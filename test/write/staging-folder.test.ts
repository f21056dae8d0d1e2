import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { processStartTime } from "../../src/write/process-identity.js";
import { createStagingFolder, outputPathOf } from "../../src/write/staging-folder.js";
import { article, testNow, writeTree } from "../helpers/build-site.js";

/** A pid that belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

describe("staging folders", () => {
  let root: string;
  beforeEach(async () => {
    root = await writeTree({
      "content/articles/one.md": article({ title: "One", date: "2026-11-01", section: "news" }),
    });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("are unique to each build, beside the output folder", async () => {
    const outDir = path.join(root, "dist");
    const first = await createStagingFolder(outDir);
    const second = await createStagingFolder(outDir);
    expect(first).not.toBe(second);
    for (const folder of [first, second]) {
      expect(path.dirname(folder)).toBe(root);
      expect(path.basename(folder)).toMatch(
        new RegExp(`^\\.newsdeck-tmp-dist\\.${process.pid}\\.\\d+\\.[0-9a-f]{8}$`),
      );
      expect(outputPathOf(path.join(folder, "a", "index.html"))).toBe(
        path.join(outDir, "a", "index.html"),
      );
    }
  });

  it("left by builds that died are removed by the next build; a live build's are not", async () => {
    const dead = await deadPid();
    const me = `${process.pid}.${processStartTime(process.pid) ?? "0"}`;
    const leftovers = [
      `.newsdeck-tmp-dist.${dead}.12345.0badc0de`,
      `.newsdeck-tmp-dist.${dead}.12345.0badc0de-previous`,
      // This process, but another start time: the pid was reused since.
      `.newsdeck-tmp-dist.${process.pid}.1.feedf00d`,
      // Earlier versions' fixed names.
      ".newsdeck-tmp-dist",
      ".newsdeck-tmp-dist-previous",
    ];
    const kept = [
      // A live build of this output folder (this process), and another output's leftovers.
      `.newsdeck-tmp-dist.${me}.cafebabe`,
      `.newsdeck-tmp-dist-2.${dead}.12345.0badc0de`,
    ];
    for (const name of [...leftovers, ...kept]) {
      await mkdir(path.join(root, name, "politics"), { recursive: true });
      await writeFile(path.join(root, name, "politics", "index.html"), "<p>partial</p>");
    }
    const result = await build({ root, now: testNow, threads: 0 });
    expect(result.exitCode).toBe(0);
    expect(
      readdirSync(root)
        .filter((n) => n.startsWith(".newsdeck-tmp"))
        .sort(),
    ).toEqual(kept.sort());
    expect(existsSync(path.join(root, "dist", "index.html"))).toBe(true);
  });

  it("put back the old output a build moved aside when it died before moving the new one in", async () => {
    const dead = await deadPid();
    const aside = path.join(root, `.newsdeck-tmp-dist.${dead}.12345.0badc0de-previous`);
    await mkdir(path.join(aside, ".newsdeck"), { recursive: true });
    await writeFile(path.join(aside, "index.html"), "<p>the previous build</p>");
    await createStagingFolder(path.join(root, "dist"));
    expect(existsSync(aside)).toBe(false);
    expect(await readFile(path.join(root, "dist", "index.html"), "utf8")).toBe(
      "<p>the previous build</p>",
    );
  });
});
