import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { PassThrough } from "node:stream";
import * as cheerio from "cheerio";
import {
  type DevBuildReport,
  type DevServer,
  type DevServerOptions,
  startDevServer,
} from "../../src/dev/dev-server.js";
import { copyFixture, testNow } from "../helpers/build-site.js";

/** A dev server running in this process on a temporary copy of a fixture site. */
export interface RunningDev {
  readonly root: string;
  readonly server: DevServer;
  /** Every build so far, in order. */
  readonly builds: readonly DevBuildReport[];
  /** What the server printed to stdout and stderr so far. */
  output(): string;
  /** Writes a site file (relative to the root) in place, creating folders. */
  write(rel: string, text: string): Promise<void>;
  /** Writes a sibling temp file, then renames it over the target, as vim and VS Code do. */
  writeAtomically(rel: string, text: string): Promise<void>;
  /**
   * Waits (bounded) for a build triggered by a change to `rel` after build number `since`,
   * then for the queue to settle; returns every build since `since` but the search follow-ups.
   */
  buildsAfter(since: number, rel: string): Promise<DevBuildReport[]>;
  /** GET over real HTTP, following nothing. */
  get(urlPath: string): Promise<Fetched>;
  /** Closes the server and removes the site copy. */
  cleanup(): Promise<void>;
}

/** A response, read in full. */
export interface Fetched {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  readonly $: cheerio.CheerioAPI;
}

/** Bounded wait used by every test: long enough for a loaded CI machine, never a fixed sleep. */
export const waitLimitMs = 60_000;

/** Starts a dev server on port 0 for a copy of `fixture` and waits for its first build. */
export async function startFixtureDev(
  fixture = "dev-newsroom",
  options: { readonly build?: (root: string) => DevServerOptions["build"] } = {},
): Promise<RunningDev> {
  const root = await copyFixture(fixture);
  const builds: DevBuildReport[] = [];
  let printed = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  let server: DevServer;
  try {
    server = await startDevServer({
      root,
      port: 0,
      host: "127.0.0.1",
      strictPort: true,
      clock: () => testNow,
      stdout: sink,
      stderr: sink,
      onBuild: (report) => builds.push(report),
      build: options.build?.(root),
    });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  await server.settled();
  return {
    root,
    server,
    builds,
    output: () => printed,
    async write(rel, text) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), text);
    },
    async writeAtomically(rel, text) {
      const target = path.join(root, rel);
      const temp = `${target}.tmp`;
      await writeFile(temp, text);
      await rename(temp, target);
    },
    async buildsAfter(since, rel) {
      await pollUntil(
        async () => builds.slice(since).some((b) => b.trigger.some((t) => t.startsWith(rel))),
        `a build triggered by ${rel}`,
      );
      await server.settled();
      // The search index's follow-up (see rebuild-on-change.test.ts) is not a build of the edit.
      return builds.slice(since).filter((b) => b.trigger.join() !== "search index");
    },
    get: (urlPath) => getRaw(server.url, urlPath),
    async cleanup() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Calls `probe` until it returns something truthy, for at most {@link waitLimitMs}. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  limitMs = waitLimitMs,
): Promise<T> {
  const deadline = performance.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) {
      throw new Error(`gave up waiting for ${what} after ${limitMs} ms${last ? `: ${last}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A GET with the path sent exactly as given (`/../x` and `%2e%2e` included): `fetch` would
 * normalise them away before they reach the server.
 */
export function getRaw(base: string, rawPath: string): Promise<Fetched> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: rawPath, method: "GET", agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            $: cheerio.load(text),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}
