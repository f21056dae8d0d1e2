/**
 * Bundles the compiled CLI (`lib/`, written by tsc) into `lib/bundle/`, which `bin/newsdeck.js`
 * runs. A build that changes one story is a fraction of a second of work, and Node spent a
 * third of such a process resolving, reading and compiling some 500 small modules (the unified
 * ecosystem is many packages of a few files each). One file per entry, and shared chunks for
 * what several entries or lazy imports use, cut that by about 150 ms.
 *
 * What the bundle keeps as it was:
 * - Lazy loading. Every `import()` in the engine (the commands, sharp, the worker pools, the
 *   minifier, the dev server) becomes a chunk of its own, loaded only when reached.
 * - Paths. Modules that find files beside themselves keep working because every chunk sits in
 *   `lib/bundle/`, two levels under the package root like the modules of `lib/<area>/`
 *   (`package.json`, `templates/`, `starter/`), and the files they name beside themselves are
 *   entries here under the same names: the two worker modules and the `defineConfig` a site's
 *   config imports.
 * - Packages that find their own files or binaries at run time (native addons, Pagefind's and
 *   Piscina's workers and binaries, jiti's transpiler, chokidar's optional watchers) stay
 *   imports of the installed package. They, and every bundled package, stay in `dependencies`:
 *   the library entry (`lib/index.js`) imports them as usual, and their licences install with
 *   them.
 *
 * Run by `npm run compile` after tsc.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lib = path.join(root, "lib");

/** Output name (in `lib/bundle/`) -> compiled module it starts from. */
const entries = {
  // The CLI: what bin/newsdeck.js imports.
  newsdeck: "cli/run.js",
  // Started by Piscina from a path beside the module that creates the pool.
  "markdown-worker": "markdown/markdown-worker.js",
  "write-worker": "write/write-worker.js",
  // What `import { defineConfig } from "newsdeck"` means inside a site's config (load-config.ts).
  "define-config": "config/define-config.js",
};

/** Packages loaded from node_modules at run time rather than bundled (see above). */
const external = ["sharp", "@minify-html/node", "pagefind", "piscina", "jiti", "chokidar"];

const outdir = path.join(lib, "bundle");
await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, path.join(lib, file)]),
  ),
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  // Chunks beside the entries, never in a subfolder: see "Paths" above.
  chunkNames: "chunk-[hash]",
  // Bundled CommonJS packages call `require` for Node's built-ins, which ES modules lack.
  banner: {
    js: 'import { createRequire as newsdeckCreateRequire } from "node:module"; const require = newsdeckCreateRequire(import.meta.url);',
  },
  legalComments: "inline",
  // Quiet unless something is wrong, like tsc: `npm pack --json` prints this script's output.
  logLevel: "warning",
});
if (result.errors.length > 0) process.exitCode = 1;
