import type { ServerResponse } from "node:http";
import { isIP } from "node:net";

/** Host names that always mean this machine. */
const loopbackNames = ["localhost", "127.0.0.1", "[::1]"];

/** Listen addresses that take connections on every interface. */
const wildcardHosts = new Set(["", "0.0.0.0", "::", "[::]"]);

/**
 * Whether a request's `Host` header names the dev server itself: `localhost`, `127.0.0.1`,
 * `[::1]` or the `--host` it listens on, with its port. Anything else is refused, the
 * live-reload stream included: a web page whose name an attacker points at 127.0.0.1 (DNS
 * rebinding) would otherwise read drafts and embargoed stories through the reader's browser.
 * A server listening on every interface (`--host 0.0.0.0`) also answers any IP address, so a
 * phone on the same network can open it: a rebound name is never an IP address.
 */
export function isAllowedHost(
  header: string | undefined,
  listenHost: string,
  port: number,
): boolean {
  if (!header) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return false;
  const name = (match[1] as string).toLowerCase();
  const givenPort = match[2] === undefined ? 80 : Number(match[2]);
  if (givenPort !== port) return false;
  const listen = bracketed(listenHost.toLowerCase());
  if (loopbackNames.includes(name) || name === listen) return true;
  return wildcardHosts.has(listen) && isIP(name.replace(/^\[|\]$/g, "")) !== 0;
}

/** Answers a request for another host with 403 and says which address to use instead. */
export function refuseHost(response: ServerResponse, url: string): void {
  response
    .writeHead(403, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" })
    .end(
      `newsdeck dev answers only requests addressed to itself (open ${url}); this Host header was refused to guard against DNS rebinding\n`,
    );
}

function bracketed(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
