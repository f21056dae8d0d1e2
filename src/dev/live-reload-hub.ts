import type { IncomingMessage, ServerResponse } from "node:http";

/** The open Server-Sent Events streams of the browsers showing the site. */
export interface LiveReloadHub {
  /** Answers a request with an event stream and sends `hello` with the current state. */
  connect(request: IncomingMessage, response: ServerResponse, hello: object): void;
  /** Sends one event to every connected browser. */
  send(event: string, data: object): void;
  /** Number of connected browsers. */
  readonly size: number;
  /** Ends every stream. */
  close(): void;
}

/** Creates the hub: Server-Sent Events over plain node:http, no dependency. */
export function createLiveReloadHub(): LiveReloadHub {
  const clients = new Set<ServerResponse>();
  const format = (event: string, data: object) =>
    `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return {
    connect(request, response, hello) {
      response.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
      });
      // Reconnect quickly after a restart of the dev server.
      response.write(`retry: 500\n${format("hello", hello)}`);
      clients.add(response);
      request.on("close", () => clients.delete(response));
    },
    send(event, data) {
      const message = format(event, data);
      for (const client of clients) client.write(message);
    },
    get size() {
      return clients.size;
    },
    close() {
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
