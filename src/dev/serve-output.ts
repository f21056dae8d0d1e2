import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import sirv from "sirv";
import { injectClient, type ServedPage } from "./inject-client.js";

/** Options of {@link createOutputHandler}. */
export interface OutputHandlerOptions {
  /** The served folder: a stable path whose contents are replaced after each good build. */
  readonly dir: string;
  /** What to tell the live-reload client of a page served now with this status. */
  readonly page: (status: number) => ServedPage;
}

/** Answers one request for a file of the built site. */
export type OutputHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Serves the built site as a CDN would, for development: `index.html` for folder URLs (and a
 * redirect to add the slash), `404.html` with status 404 for anything missing, nothing outside
 * the folder, `Cache-Control: no-store` everywhere. HTML responses get the live-reload client;
 * every other file is sirv's (`dev: true`, so it looks at the folder on every request).
 */
export function createOutputHandler(options: OutputHandlerOptions): OutputHandler {
  const dir = path.resolve(options.dir);
  const files = sirv(dir, { dev: true, etag: false, dotfiles: false, extensions: [] });

  const sendHtml = async (
    request: IncomingMessage,
    response: ServerResponse,
    file: string,
    status: number,
  ): Promise<boolean> => {
    let html: string;
    try {
      html = await readFile(file, "utf8");
    } catch {
      return false;
    }
    const body = Buffer.from(injectClient(html, options.page(status)), "utf8");
    response.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": body.byteLength,
    });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  };

  const notFound = async (request: IncomingMessage, response: ServerResponse) => {
    if (await sendHtml(request, response, path.join(dir, "404.html"), 404)) return;
    const html =
      "<!doctype html><title>Not found</title><body><h1>Not found</h1><p>This page is not part of the latest build (or the first build has not finished yet).</p></body>";
    const body = Buffer.from(injectClient(html, options.page(404)), "utf8");
    response.writeHead(404, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": body.byteLength,
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };

  return async (request, response) => {
    response.setHeader("Cache-Control", "no-store");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const raw = (request.url ?? "/").split(/[?#]/, 1)[0] ?? "/";
    const query = (request.url ?? "").slice(raw.length);
    const urlPath = decodeUrlPath(raw);
    if (urlPath === undefined) {
      response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("Bad request");
      return;
    }
    if (isTraversal(urlPath)) {
      response.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Forbidden");
      return;
    }
    if (urlPath.split("/").some((segment) => segment.startsWith("."))) {
      return notFound(request, response);
    }
    const target = path.join(dir, urlPath);
    if (target !== dir && !target.startsWith(dir + path.sep)) {
      response.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Forbidden");
      return;
    }

    if (urlPath.endsWith("/")) {
      if (!(await sendHtml(request, response, path.join(target, "index.html"), 200))) {
        await notFound(request, response);
      }
      return;
    }
    if (/\.html?$/i.test(urlPath)) {
      if (!(await sendHtml(request, response, target, 200))) await notFound(request, response);
      return;
    }
    if (path.posix.extname(urlPath) === "") {
      if (await isFile(path.join(target, "index.html"))) {
        // One leading slash only: `//host` in Location would leave the site.
        response.writeHead(301, { Location: `/${raw.replace(/^\/+/, "")}/${query}` }).end();
        return;
      }
      if (await sendHtml(request, response, `${target}.html`, 200)) return;
    }
    files(request, response, () => notFound(request, response));
  };
}

/** The decoded URL path, or undefined when its percent-encoding is malformed. */
function decodeUrlPath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** `..` segments (also from `%2e%2e` or `..%2f`), backslashes and NUL never name a site file. */
function isTraversal(urlPath: string): boolean {
  if (!urlPath.startsWith("/") || urlPath.includes("\\") || urlPath.includes("\0")) return true;
  return urlPath.split("/").some((segment) => segment === "..");
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
