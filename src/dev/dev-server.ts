import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pc from "picocolors";
import { type BuildOptions, type BuildResult, BuildSession, build } from "../build.js";
import { printDiagnostics } from "../cli/print-diagnostics.js";
import {
  escapeControlCharacters,
  escapeControlLines,
} from "../errors/escape-control-characters.js";
import { defaultLockWaitSeconds } from "../write/build-lock.js";
import type { WrittenFile } from "../write/output-writer.js";
import { isAllowedHost, refuseHost } from "./check-host.js";
import { type BuildFailure, renderErrorOverlay } from "./error-overlay.js";
import { clientUrl, devPrefix, eventsUrl } from "./inject-client.js";
import { listen } from "./listen.js";
import { liveReloadClient } from "./live-reload-client.js";
import { createLiveReloadHub } from "./live-reload-hub.js";
import { planReload, planReloadFromChanges, type ReloadPlan } from "./plan-reload.js";
import { createRequestGate } from "./request-gate.js";
import { createOutputHandler } from "./serve-output.js";
import { type ChangeBatch, createWatchQueue } from "./watch-queue.js";
import { watchSite } from "./watch-site.js";

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The site folder. */
  readonly root: string;
  /** The port to try first; 0 lets the system choose. */
  readonly port: number;
  readonly host: string;
  /** Fail on a busy port instead of trying the next ones. */
  readonly strictPort: boolean;
  /** The build time of each build (the injected clock). */
  readonly clock: () => number;
  /** Quiet time after the last change before a rebuild, in milliseconds. */
  readonly debounceMs?: number | undefined;
  /**
   * Quiet time after a save before the search index catches up, in milliseconds (default 1500):
   * saves in a row are each served first, and search is re-indexed once the writer pauses.
   */
  readonly searchDelayMs?: number | undefined;
  /** Progress lines; default stdout. */
  readonly stdout?: NodeJS.WritableStream | undefined;
  /** Diagnostics; default stderr. */
  readonly stderr?: NodeJS.WritableStream | undefined;
  /** Called after every build, good or failed. */
  readonly onBuild?: ((report: DevBuildReport) => void) | undefined;
  /** The build function; default {@link build}. Wrapping it lets a caller observe or fail builds. */
  readonly build?: ((options: BuildOptions) => Promise<BuildResult>) | undefined;
}

/** What one build of the dev loop did. */
export interface DevBuildReport extends ReloadPlan {
  /** The build now served (unchanged when this one failed). */
  readonly generation: number;
  readonly ok: boolean;
  /** The changes that triggered it: `content/articles/a.md changed`, or `start`. */
  readonly trigger: readonly string[];
  /** From the first change of the batch being taken to the new output being served. */
  readonly milliseconds: number;
  readonly failure?: BuildFailure | undefined;
}

/** What browsers are told after a good build (the `built` event). */
interface BuildChange extends ReloadPlan {
  readonly generation: number;
}

/** How many builds back a reconnecting browser can catch up on; beyond that it reloads. */
const historyLength = 100;

/** A running dev server. */
export interface DevServer {
  /** Where the site is served, with a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** The temporary folder of this server, removed by {@link DevServer.close}. */
  readonly tempDir: string;
  /** The served build, inside {@link DevServer.tempDir}. */
  readonly outDir: string;
  /** How many browser tabs are listening for changes right now. */
  connectedBrowsers(): number;
  /** Resolves once no build is running or waiting (the first build starts at once). */
  settled(): Promise<void>;
  /** Stops watching, closes every connection, waits for a running build, removes the temp folder. */
  close(): Promise<void>;
}

/**
 * Serves the site on a port, starts its first build (with drafts and scheduled articles, into a
 * temporary folder) and resolves once listening and watching: use `settled()` to wait for the
 * build. Then it rebuilds through the watch queue whenever a source changes. Each good build is
 * swapped in under the stable served path while requests are held; browsers hear which URLs
 * changed. A failed or crashed build leaves the last good output served and shows an overlay.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const session = await mkdtemp(path.join(tmpdir(), "newsdeck-dev-"));
  const servedDir = path.join(session, "site");
  const nextDir = path.join(session, "next");
  const oldDir = path.join(session, "old");
  const sessionId = randomUUID().slice(0, 8);

  // The preview state's chunks a large first build lets go of wait in the session's folder.
  const buildSession = new BuildSession(path.join(session, "state"));
  let generation = 0;
  let files: ReadonlyMap<string, WrittenFile> = new Map();
  let overlay: string | undefined;
  // The last good builds' changes, for browsers that reconnect (hidden tabs disconnect).
  const history: BuildChange[] = [];
  const missedSince = (since: number): BuildChange[] | null => {
    if (!Number.isInteger(since) || since >= generation) return [];
    const oldest = history[0]?.generation ?? generation + 1;
    return since < oldest - 1 ? null : history.filter((change) => change.generation > since);
  };
  const gate = createRequestGate();
  const hub = createLiveReloadHub();
  const serveOutput = createOutputHandler({
    dir: servedDir,
    page: (status) => ({ session: sessionId, generation, status, overlay }),
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!isAllowedHost(request.headers.host, options.host, port)) return refuseHost(response, url);
    const pathname = (request.url ?? "/").split(/[?#]/, 1)[0] ?? "/";
    if (pathname === eventsUrl) {
      const since = Number(
        new URL(request.url ?? "/", "http://localhost").searchParams.get("since"),
      );
      const missed = missedSince(since);
      hub.connect(request, response, { session: sessionId, generation, overlay, missed });
    } else if (pathname === clientUrl) {
      response.writeHead(200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "no-store",
      });
      response.end(liveReloadClient);
    } else if (pathname.startsWith(devPrefix)) {
      response.writeHead(404, { "Cache-Control": "no-store" }).end();
    } else {
      await gate.enter(response);
      await serveOutput(request, response);
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      stderr.write(
        `${pc.red("request failed:")} ${escapeControlCharacters(`${request.url} ${String(error)}`)}\n`,
      );
      if (!response.headersSent) response.writeHead(500, { "Cache-Control": "no-store" });
      response.end();
    });
  });

  let port: number;
  try {
    port = await listen(server, options);
  } catch (error) {
    await rm(session, { recursive: true, force: true });
    throw error;
  }
  const shownHost = ["0.0.0.0", "::", ""].includes(options.host) ? "localhost" : options.host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}/`;
  const baseUrl = url.slice(0, -1);

  const report = (result: Omit<DevBuildReport, "generation">) => {
    options.onBuild?.({ ...result, generation });
  };

  const failed = (failure: BuildFailure, started: number, trigger: readonly string[]) => {
    overlay = renderErrorOverlay(failure);
    if (failure.kind === "errors") printDiagnostics(failure.diagnostics, stderr);
    else {
      const error = failure.error;
      stderr.write(
        `${pc.red("the build crashed:")} ${escapeControlLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
      );
    }
    const milliseconds = performance.now() - started;
    stderr.write(
      `${pc.red("✗")} build failed in ${Math.round(milliseconds)} ms (${trigger.join(", ")}); still serving the last good build\n`,
    );
    hub.send("failed", { overlay });
    report({
      ok: false,
      trigger,
      milliseconds,
      failure,
      pages: [],
      stylesheets: {},
      assets: [],
      restyled: 0,
    });
  };

  const rebuild = async (batch: ChangeBatch) => {
    const started = performance.now();
    const trigger = describeBatch(batch);
    const watched = new Set([...batch.keys()].filter((file) => file !== searchFollowUp));
    let result: BuildResult;
    let plan: ReloadPlan;
    try {
      // Into the served folder, changing only the files that differ, while requests wait. A
      // stylesheet change is built beside it and swapped in, so that pages whose only change
      // is the stylesheet's new name can be told apart (by their old text) and restyled in
      // place; so is the first build.
      const inPlace = generation > 0 && ![...batch.keys()].some((file) => file.endsWith(".css"));
      const common = {
        root,
        now: options.clock(),
        drafts: true,
        future: true,
        baseUrl,
        minify: false,
        preview: true,
        session: buildSession,
        // The watcher's list: the build looks at these paths only (the first build at all).
        changed: generation > 0 ? watched : undefined,
        // A saved story is served first; the search index follows in a build of its own.
        deferSearch: generation > 0 && watched.size > 0,
        // While a `newsdeck build` of this site holds the cache, a rebuild waits its turn.
        lock: {
          waitMs: defaultLockWaitSeconds * 1000,
          onWait: (message: string) => stdout.write(`${escapeControlCharacters(message)}\n`),
        },
      };
      result = await (options.build ?? build)(
        inPlace
          ? { ...common, outDir: servedDir, commitGate: gate.exclusive }
          : // Unchanged pages are linked from the served build.
            { ...common, outDir: nextDir, previousOutDir: servedDir },
      );
      if (result.exitCode !== 0) {
        return failed({ kind: "errors", diagnostics: result.diagnostics }, started, trigger);
      }
      printDiagnostics(result.diagnostics, stderr);
      if (!inPlace) {
        await gate.exclusive(async () => {
          await rm(oldDir, { recursive: true, force: true });
          if (existsSync(servedDir)) await rename(servedDir, oldDir);
          try {
            await rename(nextDir, servedDir);
          } catch (error) {
            if (existsSync(oldDir)) await rename(oldDir, servedDir);
            throw error;
          }
        });
      }
      const read = {
        // Built in place, the previous pages are gone: a page is then never taken for one
        // that was only restyled, it reloads.
        previous: (file: string) => (inPlace ? Promise.resolve(undefined) : readText(oldDir, file)),
        next: (file: string) => readText(servedDir, file),
      };
      const changes = result.changes;
      plan = changes
        ? await planReloadFromChanges(
            {
              modified: [...changes.changed.keys()].filter((file) => !changes.added.has(file)),
              added: [...changes.added],
              removed: changes.removed,
            },
            read,
          )
        : await planReload(files, result.files, read);
    } catch (error) {
      return failed({ kind: "crash", error }, started, trigger);
    }
    const first = generation === 0;
    files = result.changes ? new Map() : result.files;
    generation++;
    overlay = undefined;
    const milliseconds = performance.now() - started;
    const change: BuildChange = { generation, ...plan };
    history.push(change);
    if (history.length > historyLength) history.shift();
    hub.send("built", change);
    stdout.write(`${describeBuild(first, result, plan, milliseconds, trigger)}\n`);
    report({ ok: true, trigger, milliseconds, ...plan });
    if ((result.search?.pendingBuckets ?? 0) > 0) searchLater.schedule();
    // Removing thousands of files takes a while: only after the browsers have heard.
    await rm(oldDir, { recursive: true, force: true }).catch((error: unknown) => {
      stderr.write(`${pc.yellow("could not remove the previous build:")} ${String(error)}\n`);
    });
  };

  const queue = createWatchQueue({ debounceMs: options.debounceMs ?? 100, run: rebuild });
  const searchLater = delayedFollowUp(options.searchDelayMs ?? 1500, () =>
    queue.add(searchFollowUp, "search"),
  );
  let watcher: Awaited<ReturnType<typeof watchSite>>;
  try {
    watcher = await watchSite(
      root,
      (rel, event) => {
        // A new folder is looked at whole: files written as it appears may be reported late.
        searchLater.postpone();
        queue.add(rel, event);
      },
      (error) => stderr.write(`${pc.yellow("watching failed:")} ${String(error)}\n`),
    );
  } catch (error) {
    server.close();
    await rm(session, { recursive: true, force: true });
    throw error;
  }
  // The first build goes through the queue too, so a change made while it runs is not lost.
  queue.add("", "start");

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    tempDir: session,
    outDir: servedDir,
    connectedBrowsers: () => hub.size,
    async settled() {
      await queue.settled();
      // A search follow-up still waiting for its quiet time is part of settling.
      while (await searchLater.fired()) await queue.settled();
    },
    close() {
      closing ??= (async () => {
        await watcher.close();
        hub.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        searchLater.cancel();
        await queue.close();
        await closed;
        await rm(session, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

async function readText(dir: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(dir, file), "utf8");
  } catch {
    return undefined;
  }
}

const eventNames: Readonly<Record<string, string>> = {
  add: "added",
  change: "changed",
  unlink: "deleted",
  unlinkDir: "folder deleted",
};

/** `content/articles/a.md changed`, at most three of them, then how many more. */
/** The queue's entry for the build that re-indexes what a rebuild left to search (no file). */
const searchFollowUp = "\u0000search";
/** Builds no file started: the first one, and the search index's follow-up. */
const batchLabels: Readonly<Record<string, string>> = { start: "start", search: "search index" };

function describeBatch(batch: ChangeBatch): string[] {
  const lines = [...batch].map(
    ([file, event]) =>
      batchLabels[event] ?? `${escapeControlCharacters(file)} ${eventNames[event] ?? event}`,
  );
  return lines.length > 3 ? [...lines.slice(0, 3), `${lines.length - 3} more`] : lines;
}

function describeBuild(
  first: boolean,
  result: BuildResult,
  plan: ReloadPlan,
  milliseconds: number,
  trigger: readonly string[],
): string {
  const ms = `${Math.round(milliseconds)} ms`;
  if (first) {
    return `${pc.green("✓")} built ${result.pages} pages (${result.files.size} files) in ${ms}`;
  }
  const pages = `${plan.pages.length} page${plan.pages.length === 1 ? "" : "s"} changed`;
  const restyled = plan.restyled > 0 ? `, ${plan.restyled} restyled without a reload` : "";
  return `${pc.green("↻")} ${pages}${restyled} in ${ms} (${trigger.join(", ")})`;
}

/**
 * A follow-up that runs once `delayMs` pass without a change: `schedule` arms it, `postpone`
 * restarts a running wait (a save came), and `fired` waits for an armed one (true) or says
 * none is armed (false).
 */
function delayedFollowUp(delayMs: number, run: () => void) {
  let timer: NodeJS.Timeout | undefined;
  const waiters: (() => void)[] = [];
  const fire = () => {
    timer = undefined;
    run();
    for (const resolve of waiters.splice(0)) resolve();
  };
  return {
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, delayMs);
    },
    postpone() {
      if (timer) this.schedule();
    },
    async fired(): Promise<boolean> {
      if (!timer) return false;
      await new Promise<void>((resolve) => waiters.push(resolve));
      return true;
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}
