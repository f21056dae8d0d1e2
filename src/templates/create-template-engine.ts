import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { Eta } from "eta";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";

/** The built-in default theme: the package's own `templates/` folder. */
export const defaultThemeDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "templates",
);

/** Templates rendered by name (`layouts/article`), the site's own files first, then the theme's. */
export interface TemplateEngine {
  /** Renders a template; throws a {@link TemplateRenderError} with a located diagnostic. */
  render(name: string, data: object, context: string): string;
  /**
   * Renders like {@link TemplateEngine.render} and tells which template files the page used
   * (layouts and every partial it included, as `partials/card.eta`), so that a change to one
   * re-renders exactly the pages that used it.
   */
  renderTracked(
    name: string,
    data: object,
    context: string,
  ): { html: string; templates: readonly string[] };
  /** True when the site or the default theme has the template. */
  has(name: string): boolean;
  /** Template names under a folder (`partials/disclaimers`), from both layers, sorted. */
  list(folder: string): string[];
  /** The absolute file a template name resolves to. */
  resolve(name: string): string;
}

/** A template failed; carries the located diagnostic. */
export class TemplateRenderError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "TemplateRenderError";
    this.diagnostic = diagnostic;
  }
}

/**
 * Creates the engine for a site. Templates are trusted code from the repository; content only
 * ever reaches them as data, escaped by `<%= %>` (Eta's default), never as template source.
 */
export function createTemplateEngine(root: string, themeDir = defaultThemeDir): TemplateEngine {
  const layers = [path.join(root, "templates"), themeDir].filter(
    (dir, i, all) => all.indexOf(dir) === i && existsSync(dir),
  );
  // An engine lives for one build, and every page includes the same partials: each name is
  // looked up on disk once.
  const resolved = new Map<string, { readonly file: string; readonly recorded: string }>();
  /** The template names the page being rendered has used so far, when tracking. */
  let used: Set<string> | undefined;
  /** The lists of recorded names pages share, by their names joined. */
  const templateLists = new Map<string, readonly string[]>();
  const resolve = (name: string): string => {
    let found = resolved.get(name);
    if (found === undefined) {
      found = { file: lookUp(name), recorded: templateName(name) };
      resolved.set(name, found);
    }
    used?.add(found.recorded);
    return found.file;
  };
  const lookUp = (name: string): string => {
    const file = name.endsWith(".eta") ? name : `${name}.eta`;
    const clean = path.posix.normalize(file.replace(/^\/+/, ""));
    if (clean.startsWith(".."))
      throw new Error(`template "${name}" is outside the templates folder`);
    for (const layer of layers) {
      const candidate = path.join(layer, clean);
      if (existsSync(candidate)) return candidate;
    }
    throw new Error(`template "${name}" was found neither in templates/ nor in the default theme`);
  };
  // Eta's parse errors do not name the file: it is the one read last, just before compiling.
  let lastRead: string | undefined;
  const configure = (debug: boolean) => {
    const eta = new Eta({
      views: themeDir,
      cache: true,
      autoEscape: true,
      autoTrim: false,
      debug,
      useWith: false,
    });
    eta.resolvePath = (template: string) => resolve(template);
    eta.readFile = (file: string) => {
      lastRead = file;
      return readFileSync(file, "utf8");
    };
    return eta;
  };
  const fast = configure(false);
  let debugging: Eta | undefined;

  const render = (name: string, data: object, context: string): string => {
    try {
      return fast.render(name, data);
    } catch (error) {
      // Render again with line tracking to say where in which template it failed.
      debugging ??= configure(true);
      let located: unknown = error;
      try {
        debugging.render(name, data);
      } catch (again) {
        located = again;
      }
      throw new TemplateRenderError(templateDiagnostic(located, lastRead, root, layers, context));
    }
  };

  return {
    render,
    renderTracked(name, data, context) {
      used = new Set();
      try {
        const html = render(name, data, context);
        // One list per set of templates, shared by every page that used that set: a build of
        // 100,000 pages holds a few dozen lists, not 100,000.
        const sorted = [...used].sort();
        const key = sorted.join("\n");
        let shared = templateLists.get(key);
        if (!shared) {
          shared = Object.freeze(sorted);
          templateLists.set(key, shared);
        }
        return { html, templates: shared };
      } finally {
        used = undefined;
      }
    },
    has(name) {
      try {
        resolve(name);
        return true;
      } catch {
        return false;
      }
    },
    list(folder) {
      const names = new Set<string>();
      for (const layer of layers) {
        const dir = path.join(layer, folder);
        if (!existsSync(dir)) continue;
        for (const entry of readdirSync(dir))
          if (entry.endsWith(".eta")) names.add(entry.slice(0, -4));
      }
      return [...names].sort();
    },
    resolve,
  };
}

/** A template's name as the build state records it: its path in a layer, `partials/card.eta`. */
function templateName(name: string): string {
  const file = name.endsWith(".eta") ? name : `${name}.eta`;
  return path.posix.normalize(file.replace(/^\/+/, ""));
}

/**
 * A located diagnostic from an Eta error. Errors inside an included partial arrive wrapped in
 * one `<file>:<line>` frame per enclosing template, outermost first: the last frame is where it
 * happened. Parse errors carry a line and column but no file: it is the template read last.
 */
function templateDiagnostic(
  error: unknown,
  lastRead: string | undefined,
  root: string,
  layers: readonly string[],
  context: string,
): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const blocks = message.split("\n\n");
  let file: string | undefined;
  let line: number | undefined;
  let column: number | undefined;
  let rest = 0;
  blocks.forEach((block, index) => {
    const frame = /^(.+?\.eta):(\d+)$/m.exec(block.split("\n")[0] ?? "");
    if (frame?.[1]) {
      file = frame[1];
      line = Number(frame[2]);
      rest = index + 1;
    }
  });
  let reason = blocks.slice(rest).join("\n\n");
  const parse = /^(.*?) at line (\d+) col (\d+)/.exec(reason);
  const syntax = /^Bad template syntax\n\n(.*)/.exec(reason);
  if (parse && lastRead) {
    file = lastRead;
    line = Number(parse[2]);
    column = Number(parse[3]);
    reason = parse[1] ?? reason;
  } else if (syntax && lastRead) {
    file = lastRead;
    line = syntaxErrorLine(reason);
    column = undefined;
    reason = `bad template syntax: ${syntax[1]}`;
  }
  const missing = /Could not find template: (.*)|template "([^"]+)" was found neither/.exec(reason);
  const display = file ? displayPath(file, root, layers) : undefined;
  let frame: string | undefined;
  if (file && line) {
    try {
      frame = createCodeFrame(readFileSync(file, "utf8"), line, column);
    } catch {
      frame = undefined;
    }
  }
  return createDiagnostic(
    missing ? "PartialNotFound" : "TemplateError",
    `${(reason.split("\n")[0] ?? reason).trim()} (while rendering ${context})`,
    {
      file: display,
      line,
      column,
      frame,
      phase: "templates",
      hint: missing
        ? "create the template under templates/ or fix the include name"
        : "fix the template; content never runs as template code",
    },
  );
}

/**
 * The template line of a JavaScript syntax error. Eta's message carries the compiled function,
 * in which debug mode marks each tag with `__eta.line=N`; compiling it again tells which
 * generated line is wrong, and the last marker before it is the template line.
 */
function syntaxErrorLine(reason: string): number | undefined {
  const code = reason.split(/\n=+\n/)[1];
  if (code === undefined) return undefined;
  const wrapped = `(function () {\n${code}\n})`;
  try {
    new Script(wrapped, { filename: "eta-template.js" });
  } catch (error) {
    const at = /eta-template\.js:(\d+)/.exec(error instanceof Error ? (error.stack ?? "") : "");
    if (!at) return undefined;
    const generated = wrapped.split("\n").slice(0, Number(at[1]));
    for (let i = generated.length - 1; i >= 0; i--) {
      const marker = /__eta\.line=(\d+)/.exec(generated[i] ?? "");
      if (marker) return Number(marker[1]);
    }
  }
  return undefined;
}

function displayPath(file: string, root: string, layers: readonly string[]): string {
  const relative = path.relative(root, file);
  if (!relative.startsWith("..")) return relative.split(path.sep).join("/");
  const theme = layers[layers.length - 1] ?? "";
  return `(default theme)/${path.relative(theme, file).split(path.sep).join("/")}`;
}
