/** The element an embed found in source text stands as until it is converted. */
export const importEmbedTag = "newsdeck-import-embed";

/**
 * An embed marker for HTML conversion (`rehypeImportMedia` turns it into the blocks
 * `story-blocks.ts` decides): a WordPress `[embed]`, a Gutenberg embed block, a URL alone on
 * its line.
 */
export function importEmbedHtml(url: string, caption?: string): string {
  const captionAttribute = caption ? ` data-caption="${escapeHtml(caption)}"` : "";
  return `<${importEmbedTag} data-url="${escapeHtml(url)}"${captionAttribute}></${importEmbedTag}>`;
}

/** Escapes text for an HTML attribute value or text content. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
