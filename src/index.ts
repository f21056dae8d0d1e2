export { type BuildOptions, type BuildResult, build } from "./build.js";
export type { ResolvedConfig, UserConfig } from "./config/config-schema.js";
export { defineConfig } from "./config/define-config.js";
export type { DiagnosticCode } from "./errors/catalog.js";
export type { Diagnostic } from "./errors/diagnostic.js";
export { formatDiagnostic } from "./errors/format-diagnostic.js";
export type { Article, PageKind, Site, SiteArticle, Term } from "./site/model.js";
