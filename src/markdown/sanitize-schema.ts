import { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
export function createSanitizeSchema(): SanitizeSchema {
  const attributes = defaultSchema.attributes ?? {};
  return {
    ...defaultSchema,
    clobberPrefix: "",
    clobber: ["name"],
    tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => t !== "input"), "figure", "figcaption", "iframe", "abbr", "mark", "small", "cite", "time"],
    attributes: {
      ...attributes,
      "*": [...(attributes["*"] ?? []).filter((a) => a !== "id"), "id"],
      a: [...(attributes.a ?? []), "title"],
      img: [...(attributes.img ?? []), "title", "loading", "width", "height"],
      iframe: ["src", "title", "width", "height", "allow", "allowFullScreen", "loading", "sandbox", "referrerPolicy"],
      time: ["dateTime"],
      abbr: ["title"],
    },
    protocols: {
      href: ["http", "https", "mailto", "tel"],
      src: ["http", "https"],
      cite: ["http", "https"],
      longDesc: ["http", "https"],
    },
    strip: ["script", "style", "template", "noscript", "title", "textarea", "xmp", "noembed", "noframes", "plaintext", "iframe-disallowed"],
  };
}
