import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Elements that may repeat, always parsed as arrays so tests index them the same way. */
const repeated = new Set(["item", "entry", "category", "dc:creator", "author", "url", "sitemap"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Atom has several <link>s per element; RSS has one, as text.
  isArray: (name, jpath) =>
    repeated.has(name) || (name === "link" && String(jpath).startsWith("feed.")),
});

/** Parses XML after checking it is well-formed; throws with the parser's reason when it is not. */
// biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped; tests assert on its shape.
export function parseXml(text: string): any {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return parser.parse(text);
}
