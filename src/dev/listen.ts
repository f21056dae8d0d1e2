import type { Server } from "node:http";

/** The requested port is taken and the user asked for exactly that one. */
export class PortBusyError extends Error {
  readonly port: number;
  constructor(port: number, host: string, last = port) {
    super(
      last === port
        ? `port ${port} on ${host} is already in use`
        : `ports ${port} to ${last} on ${host} are all in use`,
    );
    this.name = "PortBusyError";
    this.port = port;
  }
}

/** Options of {@link listen}. */
export interface ListenOptions {
  /** The port to try first; 0 lets the system choose a free one. */
  readonly port: number;
  readonly host: string;
  /** Fail on a busy port instead of trying the next ones (the user gave `--port`). */
  readonly strictPort: boolean;
  /** How many ports to try before giving up. */
  readonly attempts?: number | undefined;
}

/**
 * Starts listening on the first free port from `port` upwards and returns the port actually
 * used; throws {@link PortBusyError} when `strictPort` is set and the port is taken.
 */
export async function listen(server: Server, options: ListenOptions): Promise<number> {
  const attempts = options.port === 0 || options.strictPort ? 1 : (options.attempts ?? 20);
  for (let i = 0; i < attempts; i++) {
    const port = options.port + i;
    const outcome = await new Promise<"listening" | "busy">((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off("listening", onListening);
        if (error.code === "EADDRINUSE") resolve("busy");
        else reject(error);
      };
      const onListening = () => {
        server.off("error", onError);
        resolve("listening");
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(port, options.host);
    });
    if (outcome === "listening") {
      const address = server.address();
      return typeof address === "object" && address ? address.port : port;
    }
  }
  throw new PortBusyError(options.port, options.host, options.port + attempts - 1);
}
