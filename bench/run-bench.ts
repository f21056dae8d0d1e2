import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpus } from "./generate-corpus.js";
import { type Peer, preparePeers } from "./peers/prepare-peer-sites.js";

/**
 * `npm run bench -- --n 10000 [--runs 3] [--no-search]`: builds a generated corpus of N articles with the
 * compiled CLI, side by side with the bare reference (gray-matter + unified with Newsdeck's
 * original plugins + a template string, one process), the plain reference (the same with
 * remark-parse, remark-rehype and rehype-stringify only: the floor) and the peers, Hugo and
 * Eleventy (each building the same corpus with its smallest config for article pages and
 * section and tag listings; a missing one is skipped with a message). Reports medians of every
 * figure: cold build, warm build with nothing changed, warm after editing one article's body
 * (an archive story, then the newest story), warm after editing its title, warm after a template
 * change, `newsdeck check`, the cold build again with `--threads 0` (the worker
 * threads' speed-up), pages per second, peak RSS, each phase's share, and Newsdeck's cold and
 * warm builds (nothing changed, the body edits, a title edit) as ratios to each peer's full build
 * in the same run. `--no-search` builds the corpus with site search off (the peers' setups build
 * no search; with it on, an edit re-indexes its story's bucket: the archive story's month, the
 * newest story's day). Results go to
 * `bench/results/<n>.json` (`<n>-no-search.json`).
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const now = "2026-11-28T12:00:00+02:00";

interface Measured {
  readonly seconds: number;
  readonly maxRssMb?: number | undefined;
  readonly report?: BuildReport | undefined;
}

interface BuildReport {
  readonly exitCode: number;
  readonly pages: number;
  readonly timings: Record<string, number>;
  readonly maxRssBytes: number;
}

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    "no-search": { type: "boolean", default: false },
  },
});
const search = !values["no-search"];
const n = Number(values.n);
const runs = Number(values.runs);

/** Runs a command to completion, timing it whole; peak memory through GNU time when present. */
function measure(command: string, args: readonly string[]): Measured {
  const timeFile = path.join(tmpdir(), `newsdeck-bench-time-${process.pid}`);
  const useTime = existsSync("/usr/bin/time");
  const started = performance.now();
  const result = useTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", "-o", timeFile, command, ...args], {
        cwd: repo,
        stdio: ["ignore", "ignore", "pipe"],
      })
    : spawnSync(command, args, { cwd: repo, stdio: ["ignore", "ignore", "pipe"] });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  const maxRssMb = useTime
    ? Number(spawnSync("cat", [timeFile]).stdout.toString().trim().split("\n").pop()) / 1024
    : undefined;
  return { seconds, maxRssMb };
}

async function newsdeck(
  command: "build" | "check",
  root: string,
  out: string,
  extra: readonly string[] = [],
): Promise<Measured> {
  const report = path.join(tmpdir(), `newsdeck-bench-report-${process.pid}.json`);
  const args = [
    path.join(repo, "bin/newsdeck.js"),
    command,
    "--root",
    root,
    "--now",
    now,
    "--report",
    report,
  ];
  if (command === "build") args.push("--out", out);
  args.push(...extra);
  const measured = measure(process.execPath, args);
  return { ...measured, report: JSON.parse(await readFile(report, "utf8")) as BuildReport };
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  console.log(`compiling Newsdeck (npm run compile)…`);
  const compiled = spawnSync("npm", ["run", "compile"], { cwd: repo, stdio: "inherit" });
  if (compiled.status !== 0) throw new Error("compile failed");

  const corpus = path.join(repo, "bench", ".corpus", search ? `n-${n}` : `n-${n}-no-search`);
  if (!existsSync(path.join(corpus, "newsdeck.config.mjs"))) {
    console.log(`generating ${n} articles into ${path.relative(repo, corpus)}…`);
    await generateCorpus({ n, outDir: corpus });
    if (!search) {
      const config = path.join(corpus, "newsdeck.config.mjs");
      const text = await readFile(config, "utf8");
      await writeFile(
        config,
        text.replace("export default {", 'export default {\n  "search": false,'),
      );
    }
  }
  const work = await mkdtemp(path.join(tmpdir(), "newsdeck-bench-"));
  const out = path.join(work, "dist");
  const cacheDir = path.join(corpus, ".newsdeck-cache");
  const article = await firstArticle(path.join(corpus, "content", "articles"));
  const newest = await newestArticle(path.join(corpus, "content", "articles"));
  const template = path.join(corpus, "templates", "partials", "disclaimers", "covid-19.eta");
  const peers: Peer[] = await preparePeers(corpus, work);
  for (const peer of peers) {
    if ("skipped" in peer) console.log(`peer ${peer.name} skipped: ${peer.skipped}`);
  }
  const samples: Record<string, Measured[]> = {
    bare: [],
    plain: [],
    hugo: [],
    eleventy: [],
    cold: [],
    warm: [],
    editOne: [],
    editRecent: [],
    editTitle: [],
    template: [],
    check: [],
    coldOneThread: [],
  };
  try {
    for (let run = 1; run <= runs; run++) {
      console.log(`run ${run} of ${runs}`);
      for (const name of ["bare", "plain"]) {
        const refOut = path.join(work, name);
        await rm(refOut, { recursive: true, force: true });
        const script = path.join(repo, `bench/${name}-reference.ts`);
        samples[name]?.push(
          measure(process.execPath, ["--import", "tsx", script, "--root", corpus, "--out", refOut]),
        );
      }
      for (const peer of peers) {
        if ("skipped" in peer) continue;
        const peerOut = path.join(work, `${peer.name}-out`);
        await rm(peerOut, { recursive: true, force: true });
        samples[peer.name]?.push(measure(peer.command, peer.args(peerOut)));
      }
      await rm(cacheDir, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
      samples.cold?.push(await newsdeck("build", corpus, out));
      samples.warm?.push(await newsdeck("build", corpus, out));
      const original = await readFile(article, "utf8");
      await appendFile(article, `\nA late paragraph added in benchmark run ${run}.\n`);
      samples.editOne?.push(await newsdeck("build", corpus, out));
      // The newest story: what a newsroom edits most (a correction, an update to a running story).
      const newestText = await readFile(newest, "utf8");
      await appendFile(newest, `\nAn update added in benchmark run ${run}.\n`);
      samples.editRecent?.push(await newsdeck("build", corpus, out));
      await writeFile(newest, newestText);
      await writeFile(
        article,
        original.replace(/^title: .*$/m, `title: "A headline rewritten in run ${run}"`),
      );
      samples.editTitle?.push(await newsdeck("build", corpus, out));
      await writeFile(article, original);
      // Back to the original title: not timed.
      await newsdeck("build", corpus, out);
      const partial = await readFile(template, "utf8");
      await appendFile(template, `<%/* benchmark run ${run} */%>\n`);
      samples.template?.push(await newsdeck("build", corpus, out));
      await writeFile(template, partial);
      samples.check?.push(await newsdeck("check", corpus, out));
      // The same cold build without worker threads: what the pools gain on this machine.
      await rm(cacheDir, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
      samples.coldOneThread?.push(await newsdeck("build", corpus, out, ["--threads", "0"]));
    }
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }

  const seconds = (key: string) => median((samples[key] ?? []).map((m) => m.seconds));
  const cold = samples.cold ?? [];
  const warm = samples.warm ?? [];
  const bare = samples.bare ?? [];
  const plain = samples.plain ?? [];
  /** Newsdeck's figure over the peer's, taken within each run; null when the peer was skipped. */
  const overPeer = (ours: readonly Measured[], peer: string) => {
    const theirs = samples[peer] ?? [];
    return theirs.length === 0
      ? null
      : median(ours.map((m, i) => m.seconds / (theirs[i]?.seconds ?? Number.NaN)));
  };
  const pages = cold[0]?.report?.pages ?? 0;
  const phases: Record<string, number> = {};
  for (const phase of Object.keys(cold[0]?.report?.timings ?? {})) {
    const total = (m: Measured) =>
      Object.values(m.report?.timings ?? {}).reduce((a, b) => a + b, 0);
    phases[phase] = median(cold.map((m) => (m.report?.timings[phase] ?? 0) / total(m)));
  }
  const result = {
    n,
    runs,
    pages,
    seconds: {
      bare: seconds("bare"),
      plain: seconds("plain"),
      hugo: (samples.hugo ?? []).length > 0 ? seconds("hugo") : null,
      eleventy: (samples.eleventy ?? []).length > 0 ? seconds("eleventy") : null,
      cold: seconds("cold"),
      warmNothingChanged: seconds("warm"),
      warmEditOne: seconds("editOne"),
      warmEditRecent: seconds("editRecent"),
      warmEditTitle: seconds("editTitle"),
      warmTemplateChange: seconds("template"),
      check: seconds("check"),
      coldOneThread: seconds("coldOneThread"),
    },
    ratios: {
      coldOverBare: median(cold.map((m, i) => m.seconds / (bare[i]?.seconds ?? Number.NaN))),
      coldOverPlain: median(cold.map((m, i) => m.seconds / (plain[i]?.seconds ?? Number.NaN))),
      coldOverHugo: overPeer(cold, "hugo"),
      warmOverHugo: overPeer(warm, "hugo"),
      coldOverEleventy: overPeer(cold, "eleventy"),
      warmOverEleventy: overPeer(warm, "eleventy"),
      warmEditOneOverHugo: overPeer(samples.editOne ?? [], "hugo"),
      warmEditRecentOverHugo: overPeer(samples.editRecent ?? [], "hugo"),
      warmEditTitleOverHugo: overPeer(samples.editTitle ?? [], "hugo"),
      warmEditOneOverEleventy: overPeer(samples.editOne ?? [], "eleventy"),
      warmNothingOverCold: median(warm.map((m, i) => m.seconds / (cold[i]?.seconds ?? Number.NaN))),
      warmEditOneOverCold: median(
        (samples.editOne ?? []).map((m, i) => m.seconds / (cold[i]?.seconds ?? Number.NaN)),
      ),
      /** Speed-up of the worker threads: one-thread cold time over the default cold time. */
      threadsSpeedUp: median(
        (samples.coldOneThread ?? []).map((m, i) => m.seconds / (cold[i]?.seconds ?? Number.NaN)),
      ),
    },
    pagesPerSecondCold: pages / seconds("cold"),
    peakRssMb: {
      cold: median(cold.map((m) => (m.report?.maxRssBytes ?? 0) / 2 ** 20)),
      bare: median(bare.map((m) => m.maxRssMb ?? 0)),
    },
    skippedPeers: peers.flatMap((peer) =>
      "skipped" in peer ? [`${peer.name}: ${peer.skipped}`] : [],
    ),
    phaseShareCold: phases,
  };
  await mkdir(path.join(repo, "bench", "results"), { recursive: true });
  const file = path.join(repo, "bench", "results", search ? `${n}.json` : `${n}-no-search.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  console.log(`\nwritten to ${path.relative(repo, file)}`);
}

function printTable(result: {
  n: number;
  pages: number;
  seconds: Record<string, number | null>;
  ratios: Record<string, number | null>;
  pagesPerSecondCold: number;
  peakRssMb: Record<string, number>;
  phaseShareCold: Record<string, number>;
}): void {
  const rows: [string, string][] = [
    ["articles / pages", `${result.n} / ${result.pages}`],
    ...Object.entries(result.seconds).map(([k, v]): [string, string] => [
      `${k} (s, median)`,
      v === null ? "skipped" : v.toFixed(2),
    ]),
    ...Object.entries(result.ratios).map(([k, v]): [string, string] => [
      k,
      v === null ? "skipped" : v.toFixed(3),
    ]),
    ["pages per second (cold)", result.pagesPerSecondCold.toFixed(0)],
    ["peak RSS cold (MiB)", result.peakRssMb.cold?.toFixed(0) ?? "?"],
    ["peak RSS bare (MiB)", result.peakRssMb.bare?.toFixed(0) ?? "?"],
    ...Object.entries(result.phaseShareCold).map(([k, v]): [string, string] => [
      `share: ${k}`,
      `${(v * 100).toFixed(1)}%`,
    ]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

/** The story with the latest `date:` of the corpus's last month folder. */
async function newestArticle(dir: string): Promise<string> {
  const { glob } = await import("tinyglobby");
  const files = (await glob(["**/*.md"], { cwd: dir })).sort();
  const folder = path.dirname(files[files.length - 1] ?? "");
  let newest: { file: string; date: number } | undefined;
  for (const file of files.filter((f) => path.dirname(f) === folder)) {
    const text = await readFile(path.join(dir, file), "utf8");
    const date = Date.parse(/^date: (.*)$/m.exec(text)?.[1] ?? "");
    if (!newest || date > newest.date) newest = { file, date };
  }
  if (!newest) throw new Error("the corpus has no articles");
  return path.join(dir, newest.file);
}

async function firstArticle(dir: string): Promise<string> {
  const { glob } = await import("tinyglobby");
  const files = (await glob(["**/*.md"], { cwd: dir })).sort();
  const last = files[files.length - 1];
  if (!last) throw new Error("the corpus has no articles");
  return path.join(dir, last);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
