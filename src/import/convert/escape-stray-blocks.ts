import type { Root } from "mdast";
import { visit } from "unist-util-visit";
import { importedBlockNames } from "../story-blocks.js";
import { importedMarkdownParser } from "./imported-markdown-parser.js";

/**
 * Keeps an archive's text that reads as a story block (a line such as `::note` or
 * `:::warning{x=1}`, which Hugo and Jekyll showed as it stands) as text, by escaping its first
 * colon (`\::note`): the build would otherwise take it for a block it does not know. The blocks
 * the import writes itself (`importedBlockNames`) stay blocks. Line numbers do not change.
 */
export function escapeStrayBlocks(markdown: string): string {
  if (!markdown.includes("::")) return markdown;
  let text = markdown;
  // Escaping a block that held others can leave a line that reads as a block in the text around
  // it: look again until none is left (each round escapes at least one line, so this ends).
  for (;;) {
    const starts: number[] = [];
    visit(importedMarkdownParser.parse(text) as Root, (node) => {
      if (node.type !== "leafDirective" && node.type !== "containerDirective") return;
      const start = node.position?.start.offset;
      // A block starts at its first colon; anything else is not for this pass to touch.
      if (!importedBlockNames.has(node.name) && start !== undefined && text[start] === ":")
        starts.push(start);
    });
    if (starts.length === 0) return text;
    for (const start of starts.sort((a, b) => b - a)) {
      text = `${text.slice(0, start)}\\${text.slice(start)}`;
    }
  }
}
