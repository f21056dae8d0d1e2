/**
 * The sanitize schema for raw HTML in article bodies: an allow-list, so anything not named
 * here is removed, whatever new attack the next browser feature brings.
 *
 * Elements. GitHub's set (rehype-sanitize's `defaultSchema`: text-level markup, lists, tables,
 * `details`, `picture`, headings, quotes) plus `figure`, `figcaption`, `abbr`, `mark`, `small`,
 * `cite`, `time` for newsroom copy, and `iframe`, admitted only so that `rehypeEmbeds` can keep
 * https ones from allowed hosts (sandboxed) and drop the rest. An element that is not allowed is
 * replaced by its children: `<object>fallback</object>` and `<form><button>Go</button></form>`
 * keep their text; void ones (`<embed>`, `<base>`, `<meta>`, `<link>`) disappear. Elements whose
 * content is code or would only make sense as markup are removed with it: `script`, `style`,
 * `template`, `noscript`, `title`, `textarea`, `xmp`, `noembed`, `noframes`, `plaintext`, and
 * `svg` and `math` as a whole, because foreign content (SVG and MathML) is where parser
 * differentials and namespace confusion (mutation XSS) live, and a body has no need for it.
 *
 * Attributes. No event handlers (`on*`), no `style` (CSS `expression()`, `url(javascript:)`,
 * overlays), no `srcdoc`, `formaction`, `action`, `target`, `name`, `accesskey`, `xlink:href`,
 * and no `data-*` except the three GFM footnotes use. `class` only where Markdown puts it
 * (`language-*` on `code`, task lists, footnotes). Task-list checkboxes are the only `input`:
 * always `disabled`, `type="checkbox"`, inside an `li`. Links cannot set `target`, so there is
 * no `target=_blank` without `rel=noopener` (reverse tabnabbing).
 *
 * URLs. `href`: http, https, mailto, tel; `src`, `cite`, `longDesc` and each URL of a `srcset`:
 * http, https; relative URLs always. The check runs on the parsed tree, after the HTML parser has
 * decoded entities, and accepts a value with a scheme only when it starts with exactly `scheme:`
 * from this list, so `JaVaScRiPt:`, `jav&#x61;script:`, `&#0000106avascript:`, a tab or newline
 * inside the scheme and leading spaces or control characters are all refused. It fails closed:
 * an upper-case `HTTPS:` is refused too, and the link keeps its text without its `href`.
 *
 * Ids. An `id` written in raw HTML could clobber a global or a `document` property that page
 * scripts read (`id="location"`, `id="__proto__"`, `name="getElementById"`), so raw HTML may only
 * use ids in the `user-content-` namespace (which GFM footnotes use too, with `footnote-label`).
 * Other ids are dropped; headings then get their id from slugHeadings, which runs after this.
 * `name` is not allowed at all.
 *
 * Story blocks. A processor for bodies with blocks passes a marker, a random value made when the
 * processor is, that no content can know: the `div`s that carry blocks through sanitizing keep
 * `data-newsdeck-directive` and `data-newsdeck-label` only with it, so raw HTML cannot forge a
 * block. The marks never reach the output (rehype-directive-placeholders.ts swaps the `div`s).
 */
import { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";

/** Elements added to GitHub's set; `iframe` is narrowed further by `rehypeEmbeds`. */
const extraTagNames = ["figure", "figcaption", "abbr", "mark", "small", "cite", "time", "iframe"];

/** Removed with everything inside them, instead of being replaced by their children. */
const strippedTagNames = [
  "script",
  "style",
  "template",
  "noscript",
  "title",
  "textarea",
  "xmp",
  "noembed",
  "noframes",
  "plaintext",
  "svg",
  "math",
];

/**
 * Attributes allowed on every element: presentational and table attributes from GitHub's list,
 * without the form ones (`action`, `method`, `encType`, `accept`, ...), `name` and `accessKey`.
 */
const globalAttributes = [
  "abbr",
  "align",
  "alt",
  "axis",
  "border",
  "cellPadding",
  "cellSpacing",
  "char",
  "charOff",
  "clear",
  "colSpan",
  "color",
  "cols",
  "compact",
  "dateTime",
  "dir",
  "frame",
  "hSpace",
  "headers",
  "height",
  "hrefLang",
  "itemProp",
  "lang",
  "noShade",
  "noWrap",
  "open",
  "rev",
  "rowSpan",
  "rows",
  "rules",
  "scope",
  "size",
  "span",
  "start",
  "summary",
  "tabIndex",
  "title",
  "vAlign",
  "value",
  "width",
];

/** Ids raw HTML may use: the footnote namespace only (see the TSDoc above). */
const safeId = ["id", /^user-content-./, "footnote-label"] as const;

/**
 * A `srcset` whose every colon ends an `http`/`https` scheme: rehype-sanitize's protocol check
 * reads only the start of a value, and a `srcset` holds several URLs.
 */
const httpSrcSet = /^(?:[^:]|(?<=\bhttps?):)*$/i;

/**
 * Creates the schema `rehype-sanitize` applies to every article body, raw HTML and Markdown
 * output alike. See the file's TSDoc for what it allows and why.
 */
export function createSanitizeSchema(directiveMarker?: string): SanitizeSchema {
  const attributes = defaultSchema.attributes ?? {};
  const marks: [string, RegExp | string][] = directiveMarker
    ? [
        ["dataNewsdeckDirective", new RegExp(`^${directiveMarker}:\\d+$`)],
        ["dataNewsdeckLabel", directiveMarker],
      ]
    : [];
  return {
    ...defaultSchema,
    // Ids are restricted by value (`safeId`) instead of prefixed: remark-rehype has already
    // prefixed footnote ids, and prefixing again would break footnote links.
    clobber: [],
    clobberPrefix: "",
    allowComments: false,
    allowDoctypes: false,
    tagNames: [...(defaultSchema.tagNames ?? []), ...extraTagNames],
    strip: strippedTagNames,
    ancestors: {
      ...defaultSchema.ancestors,
      input: ["li"],
      figcaption: ["figure"],
      source: ["picture"],
    },
    attributes: {
      ...attributes,
      "*": [...globalAttributes, [...safeId]],
      img: [...(attributes.img ?? []), "width", "height"],
      // The classes Newsdeck's own body-image step adds, so its output sanitizes to itself.
      figure: [["className", "body-figure"]],
      div: [...(attributes.div ?? []), ["className", "body-figure-wrap"], ...marks],
      input: [...(attributes.input ?? []), "checked"],
      source: [["srcSet", httpSrcSet], "media", "type", "width", "height"],
      // `rehypeEmbeds` replaces every other iframe attribute (sandbox, allow, referrer policy).
      iframe: ["src", "width", "height", "allowFullScreen"],
    },
    protocols: {
      href: ["http", "https", "mailto", "tel"],
      src: ["http", "https"],
      cite: ["http", "https"],
      longDesc: ["http", "https"],
    },
    required: { input: { disabled: true, type: "checkbox" } },
  };
}
