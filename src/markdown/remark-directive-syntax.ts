import { directiveFromMarkdown } from "mdast-util-directive";
import { directive } from "micromark-extension-directive";
import type { Processor } from "unified";

/**
 * The syntax of story blocks, without their checks: remark-directive's leaf
 * (`::name[label]{attributes}`) and container (`:::name` ... `:::`) forms, not its inline one,
 * so that no colon in prose turns into a block. The build's `remarkDirectives` parses with it;
 * so does the importer, to see a body's blocks where the build will.
 */
export function remarkDirectiveSyntax(this: Processor) {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), { flow: directive().flow }];
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    // Verbose: where each attribute is written, so problems point at it.
    directiveFromMarkdown({ verbose: true }),
  ];
}
