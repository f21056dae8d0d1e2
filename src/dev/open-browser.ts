import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

/** The outcome of {@link openBrowser}: opened with a command, or why not. */
export type OpenResult =
  | { readonly opened: true; readonly command: string }
  | { readonly opened: false; readonly reason: string };

/**
 * Asks the desktop to open `url` in the default browser (`open` on macOS, `start` on Windows,
 * `xdg-open` elsewhere). On a machine with no display, or no opener installed, it says so
 * instead of pretending: the URL is printed either way.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): OpenResult {
  const platform = process.platform;
  let command: string;
  let args: string[];
  if (platform === "darwin") {
    command = "open";
    args = [url];
  } else if (platform === "win32") {
    command = "cmd";
    args = ["/c", "start", '""', url];
  } else {
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
      return { opened: false, reason: "this machine has no display (DISPLAY is not set)" };
    }
    command = "xdg-open";
    args = [url];
  }
  if (!onPath(command, env.PATH ?? "")) {
    return { opened: false, reason: `${command} was not found on PATH` };
  }
  const child = spawn(command, args, { detached: true, stdio: "ignore" });
  child.on("error", () => {});
  child.unref();
  return { opened: true, command };
}

function onPath(command: string, searchPath: string): boolean {
  const names = process.platform === "win32" ? [`${command}.exe`, `${command}.com`] : [command];
  for (const dir of searchPath.split(path.delimiter)) {
    for (const name of names) {
      try {
        accessSync(path.join(dir, name), constants.X_OK);
        return true;
      } catch {}
    }
  }
  return false;
}
