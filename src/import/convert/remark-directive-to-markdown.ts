import { directiveToMarkdown } from "mdast-util-directive";
import type { Processor } from "unified";

/**
 * Writes story blocks (`::embed{...}`, `:::pullquote` ... `:::`) with remark-stringify, and keeps
 * an archive's text that would read as a block a text: a line that starts with `::name` or
 * `:::name` (a name may start with a digit: `::1` alone on a line is a block) gets its first
 * colon escaped (`\::name`), since the build would take it for a block it does not know. Only
 * that: the build parses no inline directives, so a colon inside a line (`Note:this`, `10:30`)
 * is written as it stands, where mdast-util-directive's own rules would escape it.
 */
export function remarkDirectiveToMarkdown(this: Processor) {
  const data = this.data();
  const written = directiveToMarkdown();
  const handle = written.handlers?.leafDirective;
  const leafDirective: typeof handle =
    handle &&
    Object.assign(
      (...args: Parameters<typeof handle>) => {
        // A leaf's label is phrasing, but the library writes it outside that construct, where
        // `*`, `_` and other marks of running text go unescaped: `*live*` came out as emphasis.
        const exit = args[2].enter("phrasing");
        try {
          return handle(...args);
        } finally {
          exit();
        }
      },
      // How the library tells what a block starts with, when something precedes it.
      "peek" in handle ? { peek: handle.peek } : {},
    );
  const extension: ReturnType<typeof directiveToMarkdown> = {
    handlers: { ...written.handlers, ...(leafDirective && { leafDirective }) },
    unsafe: [
      ...(written.unsafe ?? []).filter((rule) =>
        [rule.inConstruct ?? []].flat().some((construct) => construct.endsWith("Label")),
      ),
      // A name is any character but white space, punctuation or a symbol (micromark's rule).
      { atBreak: true, character: ":", after: ":+[^\\s\\p{P}\\p{S}]", unicode: true },
    ],
  };
  data.toMarkdownExtensions = [...(data.toMarkdownExtensions ?? []), extension];
}
