import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { engineVersion } from "./engine-version.js";

const bodyInfoSchema = z.object({
  images: z.array(
    z.object({
      src: z.string(),
      alt: z.string(),
      title: z.string().optional(),
      line: z.number().optional(),
      column: z.number().optional(),
    }),
  ),
  links: z.array(
    z.object({ url: z.string(), line: z.number().optional(), column: z.number().optional() }),
  ),
  messages: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      hint: z.string().optional(),
      line: z.number().optional(),
      column: z.number().optional(),
    }),
  ),
});

const indexSchema = z.object({
  engine: z.string(),
  bodies: z.record(z.string(), bodyInfoSchema),
  outDir: z.string().optional(),
  /** Output path -> [page input key ("" for other files), sha256 of the bytes, size]. */
  outputs: z.record(z.string(), z.tuple([z.string(), z.string(), z.number()])),
});

/** What rendering a body found besides its HTML (kept in the index, small). */
export type BodyInfo = z.output<typeof bodyInfoSchema>;
/** The cache index: body facts by key, and what the last build wrote where. */
export type BuildIndex = z.output<typeof indexSchema>;

/** The outcome of reading the index: usable, absent, or ignored with a reason. */
export type IndexRead =
  | { readonly index: BuildIndex }
  | { readonly index: undefined; readonly ignored?: string };

/** The index of `newsdeck build` and `check`; `newsdeck dev` keeps its own beside it. */
export const defaultIndexName = "index.json";

/**
 * Reads `<cacheDir>/index.json` (or the named index). A file from another engine version, or one that does not parse
 * or match the schema (truncated, hand-edited), is reported and ignored, never trusted.
 */
export async function readBuildIndex(
  cacheDir: string,
  name: string = defaultIndexName,
): Promise<IndexRead> {
  const file = path.join(cacheDir, name);
  if (!existsSync(file)) return { index: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return { index: undefined, ignored: "its index does not parse (truncated or corrupt)" };
  }
  const result = indexSchema.safeParse(parsed);
  if (!result.success)
    return { index: undefined, ignored: "its index does not match the expected format" };
  if (result.data.engine !== engineVersion) {
    return {
      index: undefined,
      ignored: `it was written by Newsdeck ${result.data.engine}, this is ${engineVersion}`,
    };
  }
  return { index: result.data };
}

/** What {@link writeBuildIndex} writes, as entries in the order they are written. */
export interface IndexEntries {
  readonly bodies: Iterable<readonly [string, BodyInfo]>;
  readonly outDir?: string | undefined;
  readonly outputs: Iterable<readonly [string, readonly [string, string, number]]>;
}

/**
 * Writes the index atomically (temp file, then rename), entry by entry: at 100,000 articles the
 * index is tens of megabytes, which are never held as one object or one string.
 */
export async function writeBuildIndex(
  cacheDir: string,
  index: IndexEntries,
  name: string = defaultIndexName,
): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, name);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    const record = (entries: Iterable<readonly [string, unknown]>) => {
      let first = true;
      for (const [key, value] of entries) {
        writeSync(fd, `${first ? "" : ","}\n${JSON.stringify(key)}:${JSON.stringify(value)}`);
        first = false;
      }
    };
    writeSync(fd, `{"engine":${JSON.stringify(engineVersion)},"bodies":{`);
    record(index.bodies);
    writeSync(fd, "},");
    if (index.outDir !== undefined) writeSync(fd, `"outDir":${JSON.stringify(index.outDir)},`);
    writeSync(fd, `"outputs":{`);
    record(index.outputs);
    writeSync(fd, "}}\n");
  } finally {
    closeSync(fd);
  }
  await rename(temp, file);
}
