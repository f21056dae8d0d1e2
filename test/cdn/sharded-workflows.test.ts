import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { build } from "../../src/build.js";
import { article, hashOutputFiles, repoRoot, writeTree } from "../helpers/build-site.js";
import { commandsOf, helpText } from "../helpers/cli-help.js";
import { makeJpeg } from "../images/make-image.js";

const run = promisify(execFile);

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly strategy?: { readonly "fail-fast"?: boolean; readonly matrix?: Record<string, unknown> };
  readonly env?: Record<string, string>;
  readonly outputs?: Record<string, string>;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly env: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}
interface GitLabJob {
  readonly stage: string;
  readonly needs?: readonly (string | { job: string; artifacts?: boolean })[];
  readonly parallel?: number;
  readonly cache?: readonly { key: unknown; paths: string[]; policy?: string }[];
  readonly script: readonly string[];
  readonly artifacts?: {
    readonly paths?: readonly string[];
    readonly when?: string;
    readonly reports?: Record<string, string>;
  };
}

/** Parses a shipped CI file, failing on any YAML error. */
async function readYaml<T>(...parts: string[]): Promise<T> {
  const document = parseDocument(await readFile(path.join(repoRoot, ...parts), "utf8"));
  expect(document.errors.map((e) => e.message)).toEqual([]);
  return document.toJS() as T;
}

/**
 * Runs a CI script with bash as the runners do (`-e`, `-o pipefail`) in `cwd`, with `npx
 * newsdeck` running this checkout's CLI and `npm` doing nothing (the site has no packages).
 */
async function runScript(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  const tsx = pathToFileURL(path.join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const cli = path.join(repoRoot, "src", "cli", "run.ts");
  const prelude = [
    `npx() { if [ "$1" != newsdeck ]; then echo "not the newsdeck CLI: $1" >&2; return 127; fi; shift; node --import '${tsx}' '${cli}' "$@"; }`,
    "npm() { :; }",
  ].join("\n");
  return run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", `${prelude}\n${script}`], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env },
  });
}

/** A step of a job by name. */
function step(job: Job | undefined, name: string): Step {
  const found = job?.steps.find((s) => s.name === name);
  expect(found, name).toBeDefined();
  return found as Step;
}

/** A small site with a photo and an embargoed story (so the build writes a schedule). */
async function smallSite(): Promise<string> {
  const tree: Record<string, string | Uint8Array> = {
    "public/photos/harbour.jpg": await makeJpeg({ width: 64, height: 40, seed: 3 }),
    "content/articles/later.md": article({
      title: "Budget under embargo",
      date: "2030-01-01T08:00:00Z",
      section: "news",
    }),
  };
  for (let i = 1; i <= 9; i++)
    tree[`content/articles/story-${i}.md`] = article(
      {
        title: `Harbour story ${i}`,
        date: `2026-10-${String(i + 10)}T08:00:00Z`,
        section: i % 2 ? "news" : "sport",
        ...(i % 3 === 0 ? { image: { src: "/photos/harbour.jpg", alt: "The harbour" } } : {}),
      },
      `Paragraph ${i} about the harbour.`,
    );
  return writeTree(tree);
}

/** Builds the site on one machine at `now` into `<root>/one` (the reference for a merge). */
async function buildOnce(root: string, now: string): Promise<Record<string, string>> {
  const result = await build({
    root,
    outDir: path.join(root, "one"),
    cacheDir: path.join(root, "one-cache"),
    now: Date.parse(now),
    threads: 0,
  });
  expect(result.exitCode).toBe(0);
  return hashOutputFiles(path.join(root, "one"));
}

describe("the shipped sharded GitHub Actions workflow", { timeout: 300_000 }, () => {
  let workflow: Workflow;
  let publish: Workflow;
  let root: string;
  beforeAll(async () => {
    workflow = await readYaml<Workflow>("docs", "ci", "publish-sharded.yml");
    publish = await readYaml<Workflow>("starter", ".github", "workflows", "publish.yml");
    root = await smallSite();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("has one setting for N, a matrix of N build jobs from it, and one merge job after them", async () => {
    expect(workflow.env.NEWSDECK_SHARDS).toBe(4);
    const { due, build: shards, publish: merge } = workflow.jobs;
    expect(shards?.needs).toBe("due");
    expect(shards?.if).toBe("needs.due.outputs.build == 'true'");
    expect(shards?.strategy?.matrix).toEqual({
      shard: expr("fromJSON(needs.due.outputs.shards)"),
    });
    expect(shards?.strategy?.["fail-fast"]).toBe(true);
    expect(merge?.needs).toEqual(["due", "build"]);
    expect(due?.outputs).toMatchObject({
      shards: expr("steps.shards.outputs.shards"),
      count: expr("steps.shards.outputs.count"),
      now: expr("steps.shards.outputs.now"),
    });

    // The step that turns the setting into the matrix, run as the runner runs it.
    const list = step(due, "List the shards and fix the build time").run as string;
    const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-gha-"));
    try {
      const output = path.join(dir, "output");
      await runScript(list, dir, { NEWSDECK_SHARDS: "4", GITHUB_OUTPUT: output });
      const lines = (await readFile(output, "utf8")).trim().split("\n");
      expect(lines.slice(0, 2)).toEqual(["shards=[1,2,3,4]", "count=4"]);
      expect(lines[2]).toMatch(/^now=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      for (const wrong of ["0", "257", "four"])
        await expect(
          runScript(list, dir, { NEWSDECK_SHARDS: wrong, GITHUB_OUTPUT: output }),
        ).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("NEWSDECK_SHARDS") });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keys each shard's build and image caches on K of N, saved under the key restored", () => {
    const shards = workflow.jobs.build;
    const shard = `${expr("matrix.shard")}-of-${expr("needs.due.outputs.count")}`;
    const own = `shard-${shard}`;
    const buildCache = step(shards, "Restore the shard's build cache");
    expect(buildCache.with?.key).toMatch(
      new RegExp(`^newsdeck-build-v1-${literal(own)}-\\$\\{\\{ hashFiles\\('package-lock.json'`),
    );
    expect(String(buildCache.with?.path).split("\n").filter(Boolean)).toEqual([
      `.newsdeck-cache/${own}`,
      `!.newsdeck-cache/${own}/images`,
      `dist-shards/${shard}`,
    ]);
    for (const key of String(buildCache.with?.["restore-keys"]).split("\n").filter(Boolean))
      expect(key.startsWith(`newsdeck-build-v1-${own}-`)).toBe(true);
    const imageCache = step(shards, "Restore the shard's image cache");
    expect(imageCache.with?.path).toBe(`.newsdeck-cache/${own}/images`);
    expect(imageCache.with?.key).toMatch(new RegExp(`^newsdeck-images-v1-${literal(own)}-`));
    for (const [save, restore] of [
      ["Save the shard's build cache", buildCache],
      ["Save the shard's image cache", imageCache],
    ] as const) {
      const saved = step(shards, save);
      expect(saved.uses).toBe("actions/cache/save@v4");
      expect(saved.with?.path).toEqual(restore.with?.path);
      expect(saved.with?.key).toBe(expr(`steps.${restore.id}.outputs.cache-primary-key`));
    }
    const upload = step(shards, "Upload the shard");
    expect(upload.uses).toBe("actions/upload-artifact@v4");
    // A shard's file list and manifest are under .newsdeck/: without them it cannot be merged.
    expect(upload.with).toMatchObject({
      name: `newsdeck-${own}`,
      "include-hidden-files": true,
      "if-no-files-found": "error",
    });
  });

  it("deploys the merged site with publish.yml's own steps", () => {
    const merge = workflow.jobs.publish;
    const mine = merge?.steps ?? [];
    const download = step(merge, "Download the shards");
    expect(download.with).toMatchObject({
      pattern: `newsdeck-shard-*-of-${expr("needs.due.outputs.count")}`,
      "merge-multiple": true,
    });
    expect(step(merge, "Merge the shards").run).toMatch(
      /^npx newsdeck merge dist-shards\/\*-of-"\$SHARDS" --out dist$/,
    );
    const theirs = publish.jobs.publish?.steps ?? [];
    const from = theirs.findIndex((s) => s.name === "Fetch the manifest of what is live");
    const to = theirs.findIndex((s) => s.name === "Purge changed URLs");
    expect(from).toBeGreaterThan(0);
    const deploy = theirs.slice(from, to + 1);
    const at = mine.findIndex((s) => s.name === deploy[0]?.name);
    expect(mine.slice(at, at + deploy.length)).toEqual(deploy);
    expect(mine.findIndex((s) => s.name === "Merge the shards")).toBeLessThan(at);
    // The environment the deploy steps read is publish.yml's.
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "S3_BUCKET", "S3_ENDPOINT"])
      expect(workflow.env[name]).toBe(publish.env[name]);
    expect(step(merge, "Save the schedule")).toEqual(
      step(publish.jobs.publish, "Save the schedule"),
    );
  });

  it("runs only newsdeck commands and options that exist", async () => {
    const help = await helpText(["--help"]);
    for (const job of Object.values(workflow.jobs))
      for (const { run: script } of job.steps)
        for (const command of commandsOf(script ?? "")) {
          const words = command.split(/\s+/);
          if (words[0] !== "npx") continue;
          expect(words[1]).toBe("newsdeck");
          expect(help).toContain(`  ${words[2]} `);
          const options = await helpText([words[2] as string, "--help"]);
          for (const flag of words.filter((w) => w.startsWith("--")))
            expect(options, command).toContain(flag);
        }
  });

  it("builds a matrix's shards, merges them into a one-machine build's files, and keeps the schedule", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "newsdeck-gha-"));
    const output = path.join(dir, "output");
    const list = step(workflow.jobs.due, "List the shards and fix the build time").run as string;
    await runScript(list, root, { NEWSDECK_SHARDS: "3", GITHUB_OUTPUT: output });
    const outputs = Object.fromEntries(
      (await readFile(output, "utf8"))
        .trim()
        .split("\n")
        .map((line) => line.split("=") as [string, string]),
    );
    await rm(dir, { recursive: true, force: true });
    const shards = workflow.jobs.build as Job;
    const matrix = JSON.parse(outputs.shards as string) as number[];
    /** A value of the workflow with this job's expressions filled in. */
    const fill = (text: unknown, shard: number) =>
      String(text)
        .replaceAll(expr("matrix.shard"), String(shard))
        .replaceAll(expr("needs.due.outputs.count"), outputs.count as string);
    for (const shard of matrix) {
      const env = Object.fromEntries(
        Object.entries(shards.env ?? {}).map(([name, value]) => [
          name,
          fill(value, shard).replace(expr("needs.due.outputs.now"), outputs.now as string),
        ]),
      );
      const built = await runScript(step(shards, "Build the shard").run as string, root, env);
      expect(built.stdout).toMatch(new RegExp(`^✓ built shard ${shard}/3: `));
      // What the job then uploads and caches is where the workflow looks for it.
      for (const entry of fill(step(shards, "Upload the shard").with?.path, shard).split("\n"))
        if (entry) expect(existsSync(path.join(root, entry)), entry).toBe(true);
      const cached = fill(step(shards, "Restore the shard's build cache").with?.path, shard);
      for (const entry of cached.split("\n"))
        if (entry && !entry.startsWith("!"))
          expect(existsSync(path.join(root, entry)), entry).toBe(true);
    }

    const merge = workflow.jobs.publish as Job;
    const env = { SHARDS: outputs.count as string };
    const merged = await runScript(step(merge, "Merge the shards").run as string, root, env);
    expect(merged.stdout).toMatch(/^✓ merged 3 shards/);
    await runScript(step(merge, "Keep the schedule").run as string, root, env);
    const schedule = JSON.parse(
      await readFile(path.join(root, ".newsdeck-cache", "schedule.json"), "utf8"),
    ) as { nextChange: string };
    expect(schedule.nextChange).toBe("2030-01-01T08:00:00.000Z");
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(
      await buildOnce(root, outputs.now as string),
    );
  });
});

describe("the shipped sharded GitLab CI pipeline", { timeout: 300_000 }, () => {
  let pipeline: Record<string, GitLabJob>;
  let root: string;
  beforeAll(async () => {
    pipeline = await readYaml<Record<string, GitLabJob>>("docs", "ci", "gitlab-ci-sharded.yml");
    root = await smallSite();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("has N parallel build jobs, each with a cache keyed on K of N, then one merge job", () => {
    const { due, build: shards, publish } = pipeline;
    expect(shards?.parallel).toBe(4);
    expect(shards?.needs).toEqual(["due"]);
    expect(shards?.cache).toContainEqual({
      key: "newsdeck-shard-$CI_NODE_INDEX-of-$CI_NODE_TOTAL-$CI_COMMIT_REF_SLUG",
      paths: [
        ".newsdeck-cache/shard-$CI_NODE_INDEX-of-$CI_NODE_TOTAL/",
        "dist-shards/$CI_NODE_INDEX-of-$CI_NODE_TOTAL/",
      ],
    });
    expect(shards?.artifacts?.paths).toContain("dist-shards/");
    expect(shards?.artifacts?.when).toBe("on_success");
    expect(due?.artifacts?.reports).toEqual({ dotenv: "due.env" });
    expect(publish?.needs).toEqual([{ job: "due" }, { job: "build", artifacts: true }]);
    expect(publish?.script.some((line) => /^npx newsdeck merge /.test(line))).toBe(true);
  });

  it("builds every parallel job's shard, merges them into a one-machine build's files, and keeps the schedule", async () => {
    const {
      build: shards,
      publish,
      due,
    } = pipeline as Record<"due" | "build" | "publish", GitLabJob>;
    const now = "2026-11-28T10:00:00Z";
    const common = { CI_PIPELINE_CREATED_AT: now, CI_PIPELINE_SOURCE: "push" };
    await runScript(due.script.join("\n"), root, common);
    expect(await readFile(path.join(root, "due.env"), "utf8")).toBe("DUE=true\n");
    const total = String(shards.parallel);
    for (let index = 1; index <= Number(total); index++)
      for (const line of shards.script)
        await runScript(line, root, {
          ...common,
          DUE: "true",
          CI_NODE_INDEX: String(index),
          CI_NODE_TOTAL: total,
        });
    // The deploy lines after the merge need a bucket; the merge and the schedule do not.
    const env = { ...common, DUE: "true" };
    for (const line of publish.script.filter(
      (l) => !/aws |apt-get|live-manifest|upload-and-purge/.test(l),
    ))
      await runScript(line, root, env);
    expect(existsSync(path.join(root, ".newsdeck-cache", "schedule.json"))).toBe(true);
    expect(await hashOutputFiles(path.join(root, "dist"))).toEqual(await buildOnce(root, now));
  });
});

/** A GitHub Actions expression, as the workflow writes it: `${{ inner }}`. */
function expr(inner: string): string {
  return `\${{ ${inner} }}`;
}

/** `text` as a literal part of a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
