import { suggestClosest } from "../errors/suggest-closest.js";
import { type BlockKind, builtInBlocks } from "./built-in-blocks.js";
import { type EmbedTarget, embedTarget } from "./embed-url.js";
import { parseStoryRef, type StoryRef } from "./story-ref.js";

/** A directive as written, the part of it the check reads. */
export interface WrittenDirective {
  readonly name: string;
  readonly kind: BlockKind;
  readonly attributes: Readonly<Record<string, string>>;
  readonly hasLabel: boolean;
  /** Whether a container holds anything besides its label. */
  readonly hasContent: boolean;
}

/** A problem with a directive, with the attribute it is about when there is one. */
export interface DirectiveProblem {
  readonly code:
    | "DirectiveInvalid"
    | "DirectiveAttributeMissing"
    | "DirectiveAttributeUnknown"
    | "DirectiveAttributeInvalid";
  readonly reason: string;
  readonly hint: string;
  readonly attribute?: string | undefined;
}

/** What checking a directive found: its problems, and what a built-in made of its attributes. */
export interface DirectiveCheck {
  readonly problems: readonly DirectiveProblem[];
  readonly embed?: EmbedTarget | undefined;
  readonly story?: StoryRef | undefined;
}

/**
 * Checks a built-in block as written: the right form (`:::` around content or `::` alone),
 * a label only where the block shows one, no attribute it does not take (with the closest one
 * as a hint), every required one, and values of the right kind (an embed's URL on an allowed
 * host, a related story's name). Other names are a site's own blocks, or unknown: whether a
 * partial exists for them is known only when pages render (see templates/render-directives.ts).
 */
export function checkDirective(
  directive: WrittenDirective,
  embedsAllow: readonly string[],
): DirectiveCheck {
  const block = builtInBlocks[directive.name];
  if (!block) return { problems: [] };
  const { name } = directive;
  const problems: DirectiveProblem[] = [];
  if (directive.kind !== block.kind) {
    problems.push({
      code: "DirectiveInvalid",
      reason:
        block.kind === "container"
          ? `${name} is a block around content, written with three colons, not ::${name}`
          : `${name} stands alone on its line, written with two colons, not :::${name}`,
      hint:
        block.kind === "container"
          ? `write ${block.example}, the content, then a line of ::: to close it`
          : `write ${block.example}`,
    });
    return { problems };
  }
  if (directive.hasLabel && !block.label) {
    problems.push({
      code: "DirectiveInvalid",
      reason: `${name} takes no [label]`,
      hint: `write ${block.example}`,
    });
  }
  if (block.kind === "container" && !directive.hasContent) {
    problems.push({
      code: "DirectiveInvalid",
      reason: `the ${name} is empty`,
      hint: `put its content between ${block.example} and a line of :::`,
    });
  }
  const known = Object.keys(block.attributes);
  for (const attribute of Object.keys(directive.attributes)) {
    if (Object.hasOwn(block.attributes, attribute)) continue;
    const closest = suggestClosest(attribute, known);
    problems.push({
      code: "DirectiveAttributeUnknown",
      reason: `${name} has no attribute "${attribute}"`,
      hint: closest
        ? `did you mean "${closest}"?`
        : known.length > 0
          ? `${name} takes ${known.map((key) => `${key}="..."`).join(", ")}`
          : `${name} takes no attributes: write ${block.example}`,
      attribute,
    });
  }
  let embed: EmbedTarget | undefined;
  let story: StoryRef | undefined;
  for (const [attribute, rule] of Object.entries(block.attributes)) {
    const value = directive.attributes[attribute];
    if (value === undefined || value.trim() === "") {
      if (rule.required)
        problems.push({
          code: "DirectiveAttributeMissing",
          reason:
            value === undefined
              ? `${name} needs ${attribute}="..."`
              : `${name}'s ${attribute} is empty`,
          hint: `write ${block.example}`,
          attribute: value === undefined ? undefined : attribute,
        });
      continue;
    }
    const invalid = (found: { problem: string; hint: string }) =>
      problems.push({
        code: "DirectiveAttributeInvalid",
        reason: `${name}'s ${attribute}: ${found.problem}`,
        hint: found.hint,
        attribute,
      });
    if (rule.type === "embedUrl") {
      const target = embedTarget(value, embedsAllow);
      if ("problem" in target) invalid(target);
      else embed = target;
    } else if (rule.type === "story") {
      const ref = parseStoryRef(value);
      if ("problem" in ref) invalid(ref);
      else story = ref;
    }
  }
  return { problems, embed, story };
}
