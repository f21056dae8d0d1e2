import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
  const resolve = (name: string): string => {
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
    eta.readFile = (file: string) => readFileSync(file, "utf8");
    return eta;
  };
  const fast = configure(false);
  let debugging: Eta | undefined;

  return {
    render(name, data, context) {
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
        throw new TemplateRenderError(templateDiagnostic(located, root, layers, context));
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

function templateDiagnostic(
  error: unknown,
  root: string,
  layers: readonly string[],
  context: string,
): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  // Eta's runtime errors start with "<file>:<line>"; parse errors say "at line L col C".
  const runtime = /^(\/[^\n]*?\.eta):(\d+)\n/.exec(message);
  const parse = /at line (\d+) col (\d+)/.exec(message);
  const missing = /Could not find template: (.*)|template "([^"]+)" was found neither/.exec(
    message,
  );
  let file: string | undefined;
  let line: number | undefined;
  let column: number | undefined;
  if (runtime?.[1]) {
    file = runtime[1];
    line = Number(runtime[2]);
  } else if (parse) {
    line = Number(parse[1]);
    column = Number(parse[2]);
  }
  const reason =
    (runtime ? message.split("\n\n").slice(1).join(" ") : message.split("\n")[0]) || message;
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
    `${reason.trim()} (while rendering ${context})`,
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

function displayPath(file: string, root: string, layers: readonly string[]): string {
  const relative = path.relative(root, file);
  if (!relative.startsWith("..")) return relative.split(path.sep).join("/");
  const theme = layers[layers.length - 1] ?? "";
  return `(default theme)/${path.relative(theme, file).split(path.sep).join("/")}`;
}
