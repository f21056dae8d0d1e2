import type { Nodes } from "mdast";
import type { Extension as MdastExtension } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";
import { gfmFootnote } from "micromark-extension-gfm-footnote";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import { gfmTable } from "micromark-extension-gfm-table";
import { gfmTaskListItem } from "micromark-extension-gfm-task-list-item";
import { combineExtensions } from "micromark-util-combine-extensions";
import type { Construct, ConstructRecord, Extension } from "micromark-util-types";
import type { Processor } from "unified";
import type { BodySyntax } from "./scan-body-syntax.js";

/**
 * GitHub-flavoured Markdown (what remark-gfm adds: autolink literals, footnotes, strikethrough,
 * tables, task lists), without the two constructs a body cannot use (see {@link BodySyntax}).
 * Both are tried at many places of every body, costing half the parse time of a typical
 * article: email autolinks at the start of every word, tables at the start of every paragraph.
 * Left out only where they cannot match, so the tree is the same (the differential test in
 * test/markdown/processor-variants.test.ts shows it). Likewise the search for literal autolinks
 * in the finished tree runs only when some text could hold one.
 */
export function remarkGfmConstructs(this: Processor, syntax: BodySyntax) {
  const data = this.data();
  const autolinks = gfmAutolinkLiteral();
  const extensions: Extension[] = [
    syntax.emailAutolinks ? autolinks : { text: withoutEmail(autolinks.text ?? {}) },
    gfmFootnote(),
    gfmStrikethrough(),
  ];
  if (syntax.tables) extensions.push(gfmTable());
  extensions.push(gfmTaskListItem());
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), combineExtensions(extensions)];
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    gfmFromMarkdown().map((extension) =>
      // Only the autolink literal extension has a transform: a search of every text node for
      // URLs and email addresses, which a text without `http://`, `www.` or `@` cannot hold.
      extension.transforms
        ? { ...extension, transforms: extension.transforms.map(onlyWithCandidates) }
        : extension,
    ),
  ];
}

type Transform = NonNullable<MdastExtension["transforms"]>[number];

function onlyWithCandidates(transform: Transform): Transform {
  return (tree) => (holdsCandidate(tree) ? transform(tree) : undefined);
}

const candidate = /https?:\/\/|www\.|@/i;

function holdsCandidate(node: Nodes): boolean {
  if (node.type === "text") return candidate.test(node.value);
  if (!("children" in node)) return false;
  for (const child of node.children) if (holdsCandidate(child)) return true;
  return false;
}

/** The autolink literal constructs but the email one (tried at every letter and digit). */
function withoutEmail(text: ConstructRecord): ConstructRecord {
  const kept: ConstructRecord = {};
  for (const [code, value] of Object.entries(text)) {
    const constructs = ([] as Construct[])
      .concat(value as Construct | Construct[])
      .filter((construct) => construct.name !== "emailAutolink");
    if (constructs.length > 0) kept[code] = constructs;
  }
  return kept;
}
