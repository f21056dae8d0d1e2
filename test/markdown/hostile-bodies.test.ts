import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { type FileTree, repoRoot, writeTree } from "../helpers/build-site.js";

/**
 * Bodies that used to stall a build (the parser is superlinear on them) end it within a bound
 * instead, each as a located error naming the file. Each build is a real `newsdeck build`
 * process, killed if it runs past the bound, so a stall fails the test instead of hanging it.
 */

/** What any of these builds may take, start-up included, on a busy two-core CI machine. */
const boundMs = 60_000;
/** The site's time budget per body (`limits.body.renderMs`), below the default to keep the test short. */
const renderMs = 3_000;

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

const config = `export default {
  sections: { news: { title: "News" } },
  limits: { body: { renderMs: ${renderMs} } },
};
`;

/** An article whose body starts on line 6 of its file. */
const story = (title: string, body: string) =>
  `---\ntitle: ${title}\ndate: 2026-05-26T09:30:00+02:00\nsection: news\n---\n${body}\n`;

const nestedList = Array.from({ length: 2000 }, (_, level) => `${"  ".repeat(level)}- level`).join(
  "\n",
);

const hostile = [
  {
    name: "`*a` repeated 100,000 times",
    file: "content/articles/emphasis-run.md",
    body: "*a".repeat(100_000),
    code: "MarkdownTooComplex",
    line: 6,
  },
  {
    name: "`- ` repeated 20,000 times before a word (a list nested 20,000 deep on one line)",
    file: "content/articles/dash-run.md",
    body: `${"- ".repeat(20_000)}deep`,
    code: "MarkdownTooDeep",
    line: 6,
  },
  {
    name: "a list nested 2,000 levels deep",
    file: "content/articles/nested-list.md",
    body: nestedList,
    // Its indentation alone is 4 MB: over the size limit before its depth is even scanned
    // (check-body-limits.test.ts covers deep lists under the size limit).
    code: "MarkdownTooLarge",
    line: 6,
  },
  {
    name: "50,000 `>`",
    file: "content/articles/quote-run.md",
    body: `${">".repeat(50_000)} quoted`,
    code: "MarkdownTooDeep",
    line: 6,
  },
];

interface BuildRun {
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Runs `newsdeck build` on the tree, killing it at the bound. */
async function buildWithin(tree: FileTree, ...flags: string[]): Promise<BuildRun> {
  const root = await writeTree(tree);
  roots.push(root);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/run.ts",
      "build",
      "--root",
      root,
      "--now",
      "2026-11-28T10:00:00Z",
      ...flags,
    ],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), boundMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { exitCode, stderr, elapsedMs: performance.now() - started };
}

/** The located errors of a run's output (`path:line:column  message (hint: ...)  [Code]`). */
function locatedErrors(stderr: string): string[] {
  return [...stderr.matchAll(/^(\S+\.md):(\d+)(?::\d+)?\s.*\[(Markdown\w+)\]$/gm)].map(
    (match) => `${match[1]}:${match[2]} ${match[3]}`,
  );
}

describe("hostile Markdown bodies", () => {
  it.each(hostile)(
    "$name ends a one-thread build within the bound, as a located $code",
    async (body) => {
      const run = await buildWithin(
        {
          "newsdeck.config.mjs": config,
          [body.file]: story("A hostile body", body.body),
          "content/articles/ordinary.md": story("An ordinary story", "A *fine* paragraph."),
        },
        "--threads",
        "0",
      );
      expect(run.elapsedMs).toBeLessThan(boundMs);
      expect(run.exitCode).toBe(1);
      expect(locatedErrors(run.stderr)).toEqual([`${body.file}:${body.line} ${body.code}`]);
    },
    boundMs + 10_000,
  );

  it(
    "stops the worker of a body over the time budget, and the bodies beside it still render",
    async () => {
      // Enough bodies for the worker pool (48 and more), four of them hostile among the rest.
      const tree: Record<string, string> = { "newsdeck.config.mjs": config };
      for (let index = 0; index < 60; index++) {
        tree[`content/articles/story-${String(index).padStart(2, "0")}.md`] = story(
          `Story ${index}`,
          `Paragraph ${index} with "quotes" -- and a [link](https://example.org/${index}).`,
        );
      }
      for (const body of hostile) tree[body.file] = story("A hostile body", body.body);
      const run = await buildWithin(tree, "--threads", "2");
      expect(run.elapsedMs).toBeLessThan(boundMs);
      expect(run.exitCode).toBe(1);
      expect(locatedErrors(run.stderr).sort()).toEqual(
        hostile.map((body) => `${body.file}:${body.line} ${body.code}`).sort(),
      );
    },
    boundMs + 10_000,
  );
});
