import { appendFile, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/build-site.js";
import { runNewsdeck } from "../helpers/newsdeck-process.js";

/** What `--report` writes, as far as these tests read it. */
interface Report {
  readonly exitCode: number;
  readonly pages: number;
  readonly files: number;
  readonly seconds: number;
  readonly startupMs: number;
  readonly rendered: number;
  readonly sources: { readonly read: number; readonly total: number };
  readonly maxRssBytes: number;
}

const recordLoads = pathToFileURL(path.join(repoRoot, "test", "helpers", "record-loads.mjs")).href;

let root: string;
let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), "newsdeck-report-"));
  root = path.join(temp, "site");
  await cp(path.join(repoRoot, "test", "fixtures", "article-anatomy"), root, { recursive: true });
  // A file changed within two seconds of a build is read again by the next one (its metadata
  // cannot vouch for it yet): the copy must be older than that for the idle build to read nothing.
  await sleep(2100);
});
afterAll(() => rm(temp, { recursive: true, force: true }));

/** Builds through the real CLI, recording every module the process loads. */
async function buildWithReport(name: string): Promise<{ report: Report; loaded: string[] }> {
  const reportFile = path.join(temp, `${name}.json`);
  const log = path.join(temp, `${name}.loads`);
  const started = performance.now();
  const run = await runNewsdeck(
    ["build", "--root", root, "--now", "2026-06-01T00:00:00Z", "--report", reportFile],
    { nodeArgs: ["--import", recordLoads], env: { NEWSDECK_LOAD_LOG: log } },
  );
  const lifetime = performance.now() - started;
  expect(run.stderr).not.toContain("error");
  expect(run.code).toBe(0);
  const report = JSON.parse(await readFile(reportFile, "utf8")) as Report;
  // The time to the first read is part of the process's life, and comes before the build's.
  expect(report.startupMs).toBeGreaterThan(0);
  expect(report.startupMs).toBeLessThan(lifetime);
  const loaded = (await readFile(log, "utf8")).split("\n").filter(Boolean);
  return { report, loaded };
}

/** The npm packages among loaded module URLs. */
function packages(urls: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const url of urls) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

/** What only some builds need: Markdown, images, threads, the schema, search. */
const heavy = ["remark-parse", "unified", "hast-util-raw", "sharp", "piscina", "zod", "pagefind"];

describe("newsdeck build --report", { timeout: 300_000 }, () => {
  it("says what a build read and did, and a build loads only what its change needs", async () => {
    const cold = await buildWithReport("cold");
    expect(cold.report.sources.read).toBe(cold.report.sources.total);
    expect(cold.report.sources.total).toBeGreaterThanOrEqual(5);
    expect(cold.report.rendered).toBeGreaterThan(cold.report.pages / 2);
    expect(cold.report.maxRssBytes).toBeGreaterThan(10 * 2 ** 20);
    // A cold build renders Markdown, encodes images and validates everything.
    const coldPackages = packages(cold.loaded);
    for (const name of ["remark-parse", "sharp", "zod"]) expect(coldPackages).toContain(name);

    // Nothing changed: nothing read but the config, nothing rendered, none of the heavy modules.
    const idle = await buildWithReport("idle");
    expect(idle.report.sources).toEqual({ read: 0, total: cold.report.sources.total });
    expect(idle.report.rendered).toBe(0);
    expect(idle.report.pages).toBe(cold.report.pages);
    const idlePackages = packages(idle.loaded);
    for (const name of heavy) expect(idlePackages).not.toContain(name);

    // A body edit reads one source and renders its Markdown; images and the schema stay unloaded.
    await appendFile(
      path.join(root, "content", "articles", "2026", "05", "vaccine-vans-return.md"),
      "\nThe vans will keep their weekend hours through the winter.\n",
    );
    const edited = await buildWithReport("edited");
    expect(edited.report.sources.read).toBe(1);
    expect(edited.report.rendered).toBeGreaterThan(0);
    expect(edited.report.rendered).toBeLessThan(cold.report.rendered);
    const editedPackages = packages(edited.loaded);
    expect(editedPackages).toContain("remark-parse");
    for (const name of ["sharp", "piscina", "zod"]) expect(editedPackages).not.toContain(name);
  });
});
