import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowedHost } from "../../src/dev/check-host.js";
import { clientUrl, eventsUrl } from "../../src/dev/inject-client.js";
import { type RunningDev, startFixtureDev } from "./dev-harness.js";

/**
 * DNS rebinding: a page on evil.example whose name the attacker points at 127.0.0.1 makes the
 * reader's browser send `Host: evil.example:PORT` to the dev server, which then must not answer
 * with drafts, embargoed stories or the live-reload stream.
 */

/** The draft of the dev-newsroom fixture: shown by `newsdeck dev`, never published. */
const draftUrl = "/sport/2026/11/27/stadium-floodlights/";

/** Status and the start of the body of a GET sent with exactly this Host header (or none). */
function getWithHost(
  port: number,
  urlPath: string,
  host: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: urlPath, method: "GET", agent: false, setHost: false },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
          // An event stream never ends: its first event is enough.
          if (text.includes("\n\n")) response.destroy();
        });
        response.on("close", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    if (host !== undefined) request.setHeader("Host", host);
    request.on("error", reject);
    request.end();
  });
}

describe("the dev server", () => {
  let dev: RunningDev;
  beforeAll(async () => {
    dev = await startFixtureDev();
  });
  afterAll(() => dev.cleanup());

  it("answers requests addressed to itself: localhost, 127.0.0.1 or [::1], with its port", async () => {
    const port = dev.server.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const page = await getWithHost(port, draftUrl, host);
      expect(page.status, host).toBe(200);
      expect(page.text).toContain("Council to vote on floodlights");
    }
    const events = await getWithHost(port, eventsUrl, `localhost:${port}`);
    expect(events.status).toBe(200);
    expect(events.text).toContain("event: hello");
  });

  it("refuses a rebound name with 403, for pages, the live-reload stream and its script", async () => {
    const port = dev.server.port;
    for (const urlPath of [draftUrl, "/", eventsUrl, clientUrl, "/feed.xml"]) {
      for (const host of [
        `evil.example:${port}`,
        "evil.example",
        `localhost.evil.example:${port}`,
        `127.0.0.1.nip.io:${port}`,
        // The right name on another port is another origin too.
        `localhost:${port + 1}`,
        undefined,
      ]) {
        const answer = await getWithHost(port, urlPath, host);
        // Node itself answers 400 to an HTTP/1.1 request without any Host.
        expect(answer.status, `${urlPath} with Host ${host}`).toBe(host === undefined ? 400 : 403);
        expect(answer.text).not.toContain("floodlights");
        expect(answer.text).not.toContain("event:");
      }
    }
  });
});

describe("isAllowedHost", () => {
  it("takes the --host given, and any IP address when listening on every interface", () => {
    expect(isAllowedHost("newsroom.lan:4000", "newsroom.lan", 4000)).toBe(true);
    expect(isAllowedHost("NEWSROOM.LAN:4000", "newsroom.lan", 4000)).toBe(true);
    expect(isAllowedHost("[fe80::1]:4000", "fe80::1", 4000)).toBe(true);
    expect(isAllowedHost("192.168.1.20:4000", "0.0.0.0", 4000)).toBe(true);
    expect(isAllowedHost("[fd00::2]:4000", "::", 4000)).toBe(true);
    expect(isAllowedHost("192.168.1.20:4000", "127.0.0.1", 4000)).toBe(false);
    expect(isAllowedHost("evil.example:4000", "0.0.0.0", 4000)).toBe(false);
    expect(isAllowedHost("localhost", "localhost", 80)).toBe(true);
    expect(isAllowedHost("localhost", "localhost", 4000)).toBe(false);
    expect(isAllowedHost("localhost:4000:1", "localhost", 4000)).toBe(false);
  });
});
