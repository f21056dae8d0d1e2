/** Errors that mean the reader of a stream has gone: `newsdeck build | head -1`, a closed terminal (EIO). */
const closedCodes = new Set(["EPIPE", "ECONNRESET", "EIO", "ERR_STREAM_DESTROYED"]);

/**
 * Makes a closed stdout or stderr end that stream's output quietly: once a write fails because
 * the reader has gone, later writes to it are dropped, and the run goes on to exit with its own
 * code (`newsdeck build | head -1` exits 0 for a good build). Any other stream error is thrown as
 * before. Returns a function that removes the handlers (for commands run in-process).
 */
export function tolerateClosedOutput(
  streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr],
): () => void {
  const removers = streams.map((stream) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (!closedCodes.has(error.code ?? "")) throw error;
      // Nobody reads any more: writing on would only raise the same error again.
      stream.write = ((...args: unknown[]) => {
        const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
    };
    stream.on("error", onError);
    return () => stream.off("error", onError);
  });
  return () => {
    for (const remove of removers) remove();
  };
}
