import type { FrontMatterRead } from "./front-matter-read.js";
import { readJsonFrontMatter } from "./read-json-front-matter.js";
import { readLenientYaml } from "./read-lenient-yaml.js";
import { readTomlFrontMatter } from "./read-toml-front-matter.js";
import type { SplitSource } from "./split-front-matter.js";

/** Reads the front matter of a split file in its own language; no front matter reads as `{}`. */
export function readFrontMatter(split: SplitSource, generator: string): FrontMatterRead {
  switch (split.format) {
    case "yaml":
      return readLenientYaml(split.frontMatter, split.frontMatterLine, generator);
    case "toml":
      return readTomlFrontMatter(split.frontMatter, split.frontMatterLine);
    case "json":
      return readJsonFrontMatter(split.frontMatter, split.frontMatterLine);
    default:
      return { ok: true, data: {}, lineOf: () => 1, quirks: [] };
  }
}
