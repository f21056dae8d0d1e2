import { escapeHtml } from "../templates/template-helpers.js";

/** Where the dev server answers its own requests; no site URL starts with it. */
export const devPrefix = "/__newsdeck/";
/** The live-reload client script. */
export const clientUrl = `${devPrefix}client.js`;
/** The Server-Sent Events stream. */
export const eventsUrl = `${devPrefix}events`;

/** What the served page was built from, so the client can tell whether a change concerns it. */
export interface ServedPage {
  /** Identifies the dev server process; a different one after a restart means reload. */
  readonly session: string;
  /** The build the page comes from. */
  readonly generation: number;
  /** The HTTP status the page was served with (404 pages reload when `/404.html` changes). */
  readonly status: number;
  /** The error overlay markup while the latest build fails. */
  readonly overlay?: string | undefined;
}

/**
 * Adds the live-reload client (and the error overlay, if any) before `</body>` of a served
 * HTML response. Only responses are changed, never the files of the build.
 */
export function injectClient(html: string, page: ServedPage): string {
  const tag = `<script src="${clientUrl}" data-session="${escapeHtml(page.session)}" data-generation="${page.generation}" data-status="${page.status}" defer></script>`;
  const snippet = `${page.overlay ?? ""}${tag}`;
  const at = html.toLowerCase().lastIndexOf("</body>");
  return at === -1 ? `${html}${snippet}` : `${html.slice(0, at)}${snippet}${html.slice(at)}`;
}
