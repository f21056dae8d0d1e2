/**
 * How a story block is written: `:::name` ... `:::` around content (a container), or `::name`
 * alone on its line (a leaf). Inline `:name` directives are not parsed at all: a colon in running
 * text (`10:30`, `3:1`, `https://`, `Note:this`) always stays text.
 */
export type BlockKind = "container" | "leaf";

/** What an attribute's value must be. */
export type AttributeType =
  /** Any text; shown escaped. */
  | "text"
  /** An https URL on a host of `embeds.allow` (see `embed-url.ts`). */
  | "embedUrl"
  /** A story: its slug, its file under `content/articles/`, or its URL (see `story-ref.ts`). */
  | "story";

/** One attribute a built-in block takes. */
export interface AttributeRule {
  readonly type: AttributeType;
  readonly required: boolean;
}

/** A block the default theme brings, with the attributes it takes. */
export interface BuiltInBlock {
  readonly kind: BlockKind;
  readonly attributes: Readonly<Record<string, AttributeRule>>;
  /** What its `[label]` is shown as, when it takes one. */
  readonly label?: string | undefined;
  /** How it is written, for hints. */
  readonly example: string;
}

const text = { type: "text", required: false } as const;
const requiredText = { type: "text", required: true } as const;

/**
 * The built-in story blocks (contract section 6b). Their attributes are checked whatever partial
 * renders them, a site's own `templates/directives/<name>.eta` included: the attributes are the
 * writers' side of the contract, the partial only the look.
 */
export const builtInBlocks: Readonly<Record<string, BuiltInBlock>> = {
  factbox: {
    kind: "container",
    attributes: { title: requiredText },
    example: ':::factbox{title="Key facts"}',
  },
  pullquote: {
    kind: "container",
    attributes: { cite: text },
    example: ':::pullquote{cite="Marguerite Oduya, forum chair"}',
  },
  embed: {
    kind: "leaf",
    attributes: { url: { type: "embedUrl", required: true }, title: text },
    label: "caption",
    example: '::embed{url="https://www.youtube.com/watch?v=..." title="What the video shows"}',
  },
  related: {
    kind: "leaf",
    attributes: { story: { type: "story", required: true } },
    label: "the line above the headline (default: Read more)",
    example: '::related{story="hospital-ransomware-pandemic"}',
  },
  timeline: {
    kind: "container",
    attributes: { title: text },
    example: ':::timeline{title="How it unfolded"}',
  },
  donate: {
    kind: "leaf",
    attributes: {},
    label: "heading",
    example: "::donate",
  },
};
