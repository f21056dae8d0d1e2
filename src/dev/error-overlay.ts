import type { Diagnostic } from "../errors/diagnostic.js";
import { formatDiagnostic } from "../errors/format-diagnostic.js";
import { escapeHtml } from "../templates/template-helpers.js";

/** Why the latest build produced no new output. */
export type BuildFailure =
  | { readonly kind: "errors"; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "crash"; readonly error: unknown };

/** The id of the overlay element, shared with the live-reload client. */
export const overlayId = "newsdeck-error-overlay";

const boxStyle = [
  "position:fixed",
  "inset:0",
  "z-index:2147483647",
  "overflow:auto",
  "margin:0",
  "padding:2rem",
  "background:rgba(20,20,24,.94)",
  "color:#f4f4f5",
  "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace",
].join(";");
const preStyle = "white-space:pre-wrap;margin:0 0 .25rem;font:inherit";
const frameStyle = `${preStyle};color:#a1a1aa;margin-bottom:1.25rem`;

/**
 * The overlay every served page shows while the latest build fails: the same lines the
 * terminal prints (`file:line:column  field  message (hint: ...)  [Code]` and the code frame).
 * Every piece of text is escaped: messages quote content, and content is not trusted.
 */
export function renderErrorOverlay(failure: BuildFailure): string {
  const entries =
    failure.kind === "errors"
      ? failure.diagnostics.map(renderDiagnostic)
      : [renderCrash(failure.error)];
  const errors =
    failure.kind === "errors"
      ? failure.diagnostics.filter((d) => d.severity === "error").length
      : 1;
  const title =
    failure.kind === "errors"
      ? `The build failed with ${errors} error${errors === 1 ? "" : "s"}`
      : "The build crashed";
  return [
    `<div id="${overlayId}" role="alertdialog" aria-labelledby="${overlayId}-title" style="${boxStyle}">`,
    `<h2 id="${overlayId}-title" style="margin:0 0 .5rem;font:700 18px/1.3 system-ui,sans-serif;color:#fca5a5">${escapeHtml(title)}</h2>`,
    `<p style="margin:0 0 1.5rem;font:14px/1.4 system-ui,sans-serif;color:#d4d4d8">This page is the last good build. Fix the problem and save: the page updates by itself.</p>`,
    `<ol style="margin:0;padding:0;list-style:none">${entries.join("")}</ol>`,
    "</div>",
  ].join("");
}

function renderDiagnostic(diagnostic: Diagnostic): string {
  const [head = "", ...frame] = formatDiagnostic(diagnostic).split("\n");
  const colour = diagnostic.severity === "error" ? "#fca5a5" : "#fde68a";
  return [
    `<li data-code="${escapeHtml(diagnostic.code)}">`,
    `<pre style="${preStyle};color:${colour}">${escapeHtml(head)}</pre>`,
    frame.length > 0 ? `<pre style="${frameStyle}">${escapeHtml(frame.join("\n"))}</pre>` : "",
    "</li>",
  ].join("");
}

function renderCrash(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const [head = "", ...stack] = text.split("\n");
  return [
    '<li data-code="BuildCrashed">',
    `<pre style="${preStyle};color:#fca5a5">${escapeHtml(head)}</pre>`,
    `<pre style="${frameStyle}">${escapeHtml(stack.join("\n"))}</pre>`,
    "</li>",
  ].join("");
}
