import { expect, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** What the CLI prints for `argv`, through cac's help output. */
export async function helpText(argv: string[]): Promise<string> {
  let text = "";
  const capture = (...args: unknown[]) => {
    text += `${args.join(" ")}\n`;
  };
  const info = vi.spyOn(console, "info").mockImplementation(capture);
  const log = vi.spyOn(console, "log").mockImplementation(capture);
  try {
    expect(await main(argv)).toBe(0);
  } finally {
    info.mockRestore();
    log.mockRestore();
  }
  return text;
}

/** Shell commands of a CI script, with line continuations joined and comments dropped. */
export function commandsOf(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, " ")
    .split(/\n|&&|\|\||;|\|/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
}
