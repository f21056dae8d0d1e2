import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { isProcessRunning, processStartTime } from "./process-identity.js";

/**
 * `.newsdeck-tmp-<output name>.<pid>.<start time>.<random>`, and `-previous` for the old output
 * moved aside during a swap: the name says which process made it, so a leftover can be told from
 * a live build's folder.
 */
const stagingName = /^\.newsdeck-tmp-(.+)\.(\d+)\.(\d+)\.([0-9a-f]{8})(-previous)?$/;

/**
 * Creates a staging folder for a build of `outDir`, beside it (a rename into place never crosses
 * file systems), with a name unique to this build. First removes what interrupted builds of the
 * same folder left there: staging folders whose process has died or whose pid now names another
 * process, never one of a build still running; and the fixed names of earlier versions. When the
 * output folder itself is missing because a build died while swapping, the old output it had
 * moved aside is put back instead of removed.
 */
export async function createStagingFolder(outDir: string): Promise<string> {
  const parent = path.dirname(outDir);
  const name = path.basename(outDir);
  await removeLeftovers(parent, name, outDir);
  const start = processStartTime(process.pid) ?? "0";
  const staging = path.join(
    parent,
    `.newsdeck-tmp-${name}.${process.pid}.${start}.${randomBytes(4).toString("hex")}`,
  );
  await mkdir(staging, { recursive: true });
  return staging;
}

/**
 * The output path a staging path stands for (`site/.newsdeck-tmp-dist.41.9.ab12cd34/a.html` ->
 * `site/dist/a.html`), for messages; the path itself when it is not in a staging folder.
 */
export function outputPathOf(file: string): string {
  const parts = file.split(path.sep);
  const index = parts.findIndex((part) => stagingName.test(part));
  if (index === -1) return file;
  parts[index] = stagingName.exec(parts[index] as string)?.[1] ?? "";
  return parts.join(path.sep);
}

async function removeLeftovers(parent: string, name: string, outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return; // the parent does not exist yet: nothing was left
  }
  const legacy = new Set([`.newsdeck-tmp-${name}`, `.newsdeck-tmp-${name}-previous`]);
  for (const entry of entries.sort()) {
    const match = stagingName.exec(entry);
    const leftover = legacy.has(entry)
      ? true
      : match?.[1] === name && !isProcessRunning(Number(match[2]), startTimeOf(match[3]));
    if (!leftover) continue;
    const folder = path.join(parent, entry);
    if (entry.endsWith("-previous") && !existsSync(outDir)) await rename(folder, outDir);
    else await rm(folder, { recursive: true, force: true });
  }
}

/** "0" stands for a start time that was not known (no /proc). */
function startTimeOf(recorded: string | undefined): string | undefined {
  return recorded === "0" ? undefined : recorded;
}
