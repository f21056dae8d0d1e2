import type { Paragraph, Root } from "mdast";
import type { ContainerDirective, LeafDirective } from "mdast-util-directive";
import type { Processor } from "unified";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import type { BlockKind } from "./built-in-blocks.js";
import { checkDirective } from "./check-directive.js";
import type { EmbedTarget } from "./embed-url.js";
import { remarkDirectiveSyntax } from "./remark-directive-syntax.js";
import type { StoryRef } from "./story-ref.js";

/** A dated entry of a `:::timeline`. */
export interface TimelineItem {
  /** As written, ISO: `2026`, `2026-05`, `2026-05-26` or `2026-05-26T09:30`. */
  readonly date: string;
  /** Its text, sanitised HTML. */
  readonly html: string;
}

/**
 * A story block in a body (`:::factbox{title="..."}`, `::embed{url="..."}`, ...), as the page
 * renderer needs it: the body's HTML holds a placeholder in its place (see
 * {@link directivePlaceholderTag}), filled with the block's partial when a page renders, since
 * the partial is the site's and a `::related` card shows another story. Plain data: it crosses
 * worker threads and goes into the build state with the body's other facts.
 */
export interface BodyDirective {
  readonly name: string;
  readonly kind: BlockKind;
  /** Attributes as written (`#x` is `id`, `.x` is `class`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The `[label]`, sanitised HTML, when written. */
  readonly label?: string | undefined;
  /**
   * A container's content, sanitised HTML. It may hold the placeholders of the blocks and local
   * images inside it.
   */
  readonly html?: string | undefined;
  /** A timeline's dated entries (its content is read into these instead of `html`). */
  readonly items?: readonly TimelineItem[] | undefined;
  /** What an `::embed` loads, checked against `embeds.allow`. */
  readonly embed?: EmbedTarget | undefined;
  /** The story a `::related` card names, resolved when its page renders. */
  readonly story?: StoryRef | undefined;
  /** Where the block starts in the Markdown. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

declare module "vfile" {
  interface DataMap {
    directives: BodyDirective[];
  }
}

/** Options for {@link remarkDirectives}. */
export interface DirectiveOptions {
  /**
   * Marks the elements that carry a block through sanitizing; unknown to content, which
   * therefore cannot forge them (see `sanitize-schema.ts`).
   */
  readonly marker: string;
  /** Hosts an `::embed` may load from (config `embeds.allow`). */
  readonly embedsAllow: readonly string[];
  /** Most blocks one body may hold (config `limits.body.blocks`). */
  readonly maxBlocks: number;
}

/**
 * Story blocks: remark-directive's leaf (`::name[label]{attributes}`) and container
 * (`:::name` ... `:::`) syntax, without its inline form, so that no colon in prose turns into a
 * block. Each block is checked (see check-directive.ts), recorded on `file.data.directives` in
 * document order, and becomes a marked `div` (its label a marked `div` inside it) that survives
 * sanitizing with its content sanitised; rehype-directive-placeholders.ts then swaps it for a
 * placeholder.
 */
export function remarkDirectives(this: Processor, options: DirectiveOptions) {
  remarkDirectiveSyntax.call(this);
  return (tree: Root, file: VFile) => {
    const directives: BodyDirective[] = [];
    file.data.directives = directives;
    let counted = 0;
    visit(tree, (node) => {
      if (node.type !== "containerDirective" && node.type !== "leafDirective") return;
      if (++counted > options.maxBlocks) {
        if (counted === options.maxBlocks + 1) {
          const message = file.message(
            `the body holds more than ${options.maxBlocks.toLocaleString("en")} story blocks, the limit (limits.body.blocks)`,
            node.position,
            "newsdeck:DirectivesTooMany",
          );
          message.note = "split the article, or raise limits.body.blocks in the config";
        }
        node.data = { ...node.data, hName: "div", hProperties: {} };
        return;
      }
      directives.push(recordDirective(node, directives.length, options, file));
    });
  };
}

/** Checks one block, reports its problems and marks it for the HTML steps. */
function recordDirective(
  node: ContainerDirective | LeafDirective,
  index: number,
  options: DirectiveOptions,
  file: VFile,
): BodyDirective {
  const kind: BlockKind = node.type === "containerDirective" ? "container" : "leaf";
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attributes ?? {}))
    if (typeof value === "string") attributes[key] = value;
  const labelled =
    kind === "container"
      ? node.children[0]?.type === "paragraph" && node.children[0].data?.directiveLabel === true
      : node.children.length > 0;
  const check = checkDirective(
    {
      name: node.name,
      kind,
      attributes,
      hasLabel: labelled,
      hasContent: node.children.length > (kind === "container" && labelled ? 1 : 0),
    },
    options.embedsAllow,
  );
  const places = node.data?.position;
  for (const problem of check.problems) {
    const at = problem.attribute ? places?.attributes?.[problem.attribute] : undefined;
    const message = file.message(problem.reason, at ?? node.position, `newsdeck:${problem.code}`);
    message.note = problem.hint;
  }
  if (node.type === "containerDirective" && node.position && !node.data?.position?.closing) {
    const message = file.message(
      `:::${node.name} is never closed, so it takes in the rest of the body`,
      node.position.start,
      "newsdeck:DirectiveInvalid",
    );
    message.note = "end it with a line of ::: (as many colons as it opens with)";
  }

  const label = { hName: "div", hProperties: { dataNewsdeckLabel: options.marker } };
  if (kind === "container" && labelled) {
    const first = node.children[0] as Paragraph;
    first.data = { ...first.data, ...label };
  } else if (node.type === "leafDirective" && labelled) {
    const wrapper: Paragraph = { type: "paragraph", data: label, children: node.children };
    // A leaf's label is phrasing; wrapped so that it arrives as one element, like a container's.
    (node as { children: unknown[] }).children = [wrapper];
  }
  node.data = {
    ...node.data,
    hName: "div",
    hProperties: { dataNewsdeckDirective: `${options.marker}:${index}` },
  };
  return {
    name: node.name,
    kind,
    attributes,
    embed: check.embed,
    story: check.story,
    line: node.position?.start.line,
    column: node.position?.start.column,
  };
}
