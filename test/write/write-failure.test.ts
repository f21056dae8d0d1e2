import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { build } from "../../src/build.js";
import { describeWriteFailure, withWritePath } from "../../src/write/describe-write-failure.js";
import { article, hashOutputFiles, testNow, writeTree } from "../helpers/build-site.js";

/**
 * Write failures without a full disk: the file system calls the writer makes are wrapped so
 * that a test can make one fail as a full disk would (disk-full.test.ts does it for real, on a
 * tmpfs, where it can mount one).
 */
const inject = vi.hoisted(() => ({
  /** Fails `writeFileSync` of a matching path with this error code. */
  write: undefined as undefined | { match: (file: string) => boolean; code: string },
  /** Fails the promised `rename` of a matching source path. */
  rename: undefined as undefined | { match: (from: string) => boolean; code: string },
}));

function systemError(code: string, syscall: string, file?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `${code}: injected failure, ${syscall}${file ? ` '${file}'` : ""}`,
  );
  error.code = code;
  error.syscall = syscall;
  if (file) error.path = file;
  return error;
}

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeFileSync: typeof fs.writeFileSync = (file, ...rest) => {
    // A failed write names no path, as the real one does not (only a failed open does).
    if (inject.write?.match(String(file))) throw systemError(inject.write.code, "write");
    return fs.writeFileSync(file, ...rest);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

vi.mock("node:fs/promises", async (importOriginal) => {
  const fsp = await importOriginal<typeof import("node:fs/promises")>();
  const rename: typeof fsp.rename = async (from, to) => {
    if (inject.rename?.match(String(from)))
      throw systemError(inject.rename.code, "rename", String(from));
    return fsp.rename(from, to);
  };
  return { ...fsp, default: { ...fsp, rename }, rename };
});

let root: string;
let outDir: string;
let before: Record<string, string>;

beforeAll(async () => {
  root = await writeTree({
    "content/articles/one.md": article({ title: "One", date: "2026-11-01", section: "news" }),
    "content/articles/two.md": article({ title: "Two", date: "2026-11-02", section: "news" }),
  });
  outDir = path.join(root, "dist");
  const first = await build({ root, now: testNow, threads: 0 });
  expect(first.exitCode).toBe(0);
  before = await hashOutputFiles(outDir);
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => {
  inject.write = undefined;
  inject.rename = undefined;
});

/** Changes the site so that the next build must write something new. */
let edits = 0;
async function editSite(): Promise<void> {
  edits++;
  const { writeFile } = await import("node:fs/promises");
  await writeFile(
    path.join(root, "content/articles/three.md"),
    article({ title: `Three, take ${edits}`, date: "2026-11-03", section: "news" }),
  );
}

function leftovers(): string[] {
  return readdirSync(root).filter(
    (name) => name.startsWith(".newsdeck-tmp") || name.includes("lock"),
  );
}

describe("a write that fails", () => {
  it.each([
    ["ENOSPC", "no space left on device", "free some disk space"],
    ["EDQUOT", "disk quota exceeded", "free some space within your quota"],
    ["EROFS", "read-only file system", "write the output elsewhere (--out)"],
    ["EACCES", "permission denied", "check who owns the folder"],
  ])("with %s is one located line, exit 1, and changes nothing", async (code, what, hint) => {
    await editSite();
    inject.write = {
      match: (file) =>
        file.includes(`${path.sep}.newsdeck-tmp-dist.`) && file.endsWith("index.html"),
      code,
    };
    const result = await build({ root, now: testNow, threads: 0 });
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics).toMatchObject([
      {
        code: "WriteFailed",
        file: expect.stringMatching(/^dist\/(.+\/)?index\.html$/),
        message: `could not write: ${what} (${code})`,
      },
    ]);
    expect(result.diagnostics[0]?.hint).toContain(hint);
    expect(leftovers()).toEqual([]);
    expect(await hashOutputFiles(outDir)).toEqual(before);
  });

  it("when the new output is moved in (a full build's swap) leaves the old one in place", async () => {
    await rm(path.join(root, ".newsdeck-cache"), { recursive: true });
    await editSite();
    // The staging folder's rename into place fails; putting the old output back does not.
    inject.rename = {
      match: (from) => /^\.newsdeck-tmp-dist\.\d+\.\d+\.[0-9a-f]{8}$/.test(path.basename(from)),
      code: "ENOSPC",
    };
    const result = await build({ root, now: testNow, threads: 0 });
    expect(result.exitCode).toBe(1);
    expect(result.diagnostics).toMatchObject([{ code: "WriteFailed", file: "dist" }]);
    expect(leftovers()).toEqual([]);
    expect(await hashOutputFiles(outDir)).toEqual(before);
  });

  it("of another kind is still a crash, with its own message", async () => {
    await editSite();
    inject.write = { match: (file) => file.endsWith("index.html"), code: "EWEIRD" };
    await expect(build({ root, now: testNow, threads: 0 })).rejects.toThrow("EWEIRD");
    expect(leftovers()).toEqual([]);
    expect(await hashOutputFiles(outDir)).toEqual(before);
  });
});

describe("describeWriteFailure", () => {
  it("reads the code and path of an error a worker thread passed on as a message", () => {
    const fromThread = new Error(
      "ENOSPC: no space left on device, write '/site/.newsdeck-tmp-dist.42.777.0badc0de/politics/index.html'",
    );
    expect(describeWriteFailure(fromThread, "/site")).toMatchObject({
      code: "WriteFailed",
      file: "dist/politics/index.html",
      message: "could not write: no space left on device (ENOSPC)",
    });
    const copied = new Error(
      "EDQUOT: disk quota exceeded, copyfile '/site/public/a.pdf' -> '/out/a.pdf'",
    );
    expect(describeWriteFailure(copied, "/site")?.file).toBe("/out/a.pdf");
    expect(describeWriteFailure(new Error("no code here"), "/site")).toBeUndefined();
    const unreadable = new Error("EACCES: permission denied, scandir '/site/content/articles'");
    expect(describeWriteFailure(unreadable, "/site")).toMatchObject({
      file: "content/articles",
      message: "could not read: permission denied (EACCES)",
    });
  });

  it("gives a failed write the path it was writing", () => {
    const error = withWritePath(systemError("ENOSPC", "write"), "/site/dist/a.html") as Error;
    expect(error.message).toBe("ENOSPC: no space left on device, write '/site/dist/a.html'");
    expect((error as NodeJS.ErrnoException).path).toBe("/site/dist/a.html");
  });
});
