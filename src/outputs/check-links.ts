import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { BodyLink } from "../markdown/rehype-collect-links.js";
import { urlToOutputPath } from "../write/check-url-path.js";

/**
 * Warns about body links to internal URLs that no output file answers (`/x/` needs
 * `x/index.html`; `/feed.xml` needs `feed.xml`). A warning, or an error under `--strict`.
 */
export function checkLinks(
  found: readonly { file: string; links: readonly BodyLink[] }[],
  exists: (outputPath: string) => boolean,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { file, links } of found) {
    for (const link of links) {
      let decoded: string;
      try {
        decoded = decodeURI(link.url);
      } catch {
        decoded = link.url;
      }
      const target = urlToOutputPath(decoded);
      if (exists(target) || exists(`${target}/index.html`) || target === "") continue;
      diagnostics.push(
        createDiagnostic("LinkBroken", `link to ${link.url} points to no page of this site`, {
          file,
          line: link.line,
          column: link.column,
          phase: "outputs",
          hint: "check the URL; an unpublished (draft, future or expired) article has no page",
        }),
      );
    }
  }
  return diagnostics;
}
