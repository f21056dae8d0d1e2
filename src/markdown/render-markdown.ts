import { VFile } from "vfile";
import type { DiagnosticCode } from "../errors/catalog.js";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import type { MarkdownProcessor } from "./create-markdown-processor.js";
import type { BodyLink } from "./rehype-collect-links.js";
import type { ImageResolver } from "./rehype-local-images.js";

/** A body rendered to HTML, with what the build needs to know about it. */
export interface RenderedBody {
  readonly html: string;
  /** Site-internal links, with file lines (front matter included). */
  readonly links: readonly BodyLink[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Where a body comes from, so that its messages point into the right file. */
export interface BodySource {
  /** Path relative to the site root. */
  readonly file: string;
  readonly body: string;
  /** The line of the file the body starts on. */
  readonly bodyLine: number;
  readonly resolveImage?: ImageResolver | undefined;
}

/** Renders a Markdown body with the build's processor. Never rejects for content problems. */
export async function renderMarkdown(
  processor: MarkdownProcessor,
  source: BodySource,
): Promise<RenderedBody> {
  const file = new VFile({ value: source.body, path: source.file });
  if (source.resolveImage) file.data.resolveImage = source.resolveImage;
  const shift = source.bodyLine - 1;
  let html = "";
  try {
    html = String(await processor.process(file));
  } catch (error) {
    return {
      html: "",
      links: [],
      diagnostics: [
        createDiagnostic(
          "MarkdownError",
          `the body could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
          {
            file: source.file,
            line: source.bodyLine,
            phase: "markdown",
          },
        ),
      ],
    };
  }
  const diagnostics = file.messages.map((message) =>
    createDiagnostic(
      (message.ruleId?.replace("newsdeck:", "") ?? "MarkdownError") as DiagnosticCode,
      message.reason,
      {
        file: source.file,
        line: message.line ? message.line + shift : source.bodyLine,
        column: message.column ?? undefined,
        hint: message.note,
        phase: "markdown",
      },
    ),
  );
  const links = (file.data.links ?? []).map((link) => ({
    ...link,
    line: link.line !== undefined ? link.line + shift : undefined,
  }));
  return { html, links, diagnostics };
}
