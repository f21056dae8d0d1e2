import minifyHtmlModule from "@minify-html/node";

/**
 * Conservative settings: closing tags and the `<html>`/`<head>` opening tags stay, comments go,
 * and nothing that is not whitespace or markup is rewritten (no CSS or JS minification, so
 * JSON-LD data blocks pass through byte for byte; `<pre>` and `<textarea>` keep their
 * whitespace). Every "allow non-compliant" switch is off, so the output stays valid HTML.
 * minify-html 0.18 has no switch to keep attribute quotes: it drops them only where the
 * HTML syntax allows an unquoted value.
 */
const settings = {
  keep_closing_tags: true,
  keep_html_and_head_opening_tags: true,
  keep_comments: false,
  keep_input_type_text_attr: false,
  keep_ssi_comments: false,
  minify_css: false,
  minify_js: false,
  minify_doctype: false,
  remove_bangs: false,
  remove_processing_instructions: false,
  allow_noncompliant_unquoted_attribute_values: false,
  allow_optimal_entities: false,
  allow_removing_spaces_between_attributes: false,
  preserve_brace_template_syntax: false,
  preserve_chevron_percent_template_syntax: false,
} as const;

/** Minifies one HTML document. Deterministic: the same input always gives the same bytes. */
export function minifyHtml(html: string | Uint8Array): Uint8Array {
  const source = typeof html === "string" ? Buffer.from(html, "utf8") : Buffer.from(html);
  return minifyHtmlModule.minify(source, settings);
}
