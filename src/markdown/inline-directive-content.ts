import { directivePlaceholderTag } from "./rehype-directive-placeholders.js";
import type { BodyDirective } from "./remark-directives.js";

const placeholder = new RegExp(
  `<${directivePlaceholderTag} data-index="(\\d+)"></${directivePlaceholderTag}>`,
  "g",
);

/**
 * A body's HTML with each story block's own text (its label, content and timeline entries) in
 * place of its placeholder, without partials: what the search index reads, since a fact box's
 * or a pull quote's words are the story's. A block's inner blocks come after it, so each is
 * inlined once.
 */
export function inlineDirectiveContent(
  html: string,
  directives: readonly BodyDirective[] | undefined,
): string {
  if (!directives || directives.length === 0) return html;
  const fill = (text: string, after: number): string =>
    text.replace(placeholder, (_, index: string) => {
      const at = Number(index);
      const directive = directives[at];
      if (!directive || at <= after) return "";
      const parts = [directive.label ?? "", directive.html ?? ""];
      for (const item of directive.items ?? []) parts.push(`${item.date} ${item.html}`);
      return `<div>${parts.map((part) => fill(part, at)).join(" ")}</div>`;
    });
  return fill(html, -1);
}
