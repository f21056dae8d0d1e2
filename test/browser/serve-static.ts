import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sirv from "sirv";

/** A built site served over HTTP for the browser tests. */
export interface StaticServer {
  /** The origin, without a trailing slash: `http://127.0.0.1:PORT`. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves an output folder on 127.0.0.1 (port 0: the system picks a free one) as a CDN would:
 * `index.html` for folder URLs and `404.html` with status 404 for anything missing. No
 * compression and no live-reload script, so the browser sees exactly the built bytes (the dev
 * server's handler always injects its live-reload client, which would skew the page weight).
 */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const files = sirv(path.resolve(dir), { dev: true, etag: false, dotfiles: false });
  const notFoundPage = path.join(dir, "404.html");
  const server = createServer((request, response) => {
    files(request, response, () => {
      readFile(notFoundPage).then(
        (body) => {
          response.writeHead(404, { "Content-Type": "text/html; charset=utf-8" });
          response.end(body);
        },
        () => response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found"),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
