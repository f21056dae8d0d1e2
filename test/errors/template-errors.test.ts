import { afterEach, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/errors/format-diagnostic.js";
import { type BuiltSite, buildSite, type FileTree } from "../helpers/build-site.js";

/**
 * A template error names the template file and line (and column when the parser knows it) and
 * what was being rendered, even when the broken template is a partial included by a layout.
 * Each site overrides one default-theme file under its own templates/.
 */

const story = `---\ntitle: Ferry timetable changes\ndate: 2026-05-20T10:00:00Z\nsection: news\n---\nThe ferry leaves later.\n`;

function siteWith(template: string, contents: string): FileTree {
  return { "content/articles/ferry.md": story, [`templates/${template}`]: contents };
}

describe("template errors", () => {
  let site: BuiltSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  async function errorsOf(tree: FileTree) {
    site = await buildSite(tree, { dryRun: true });
    expect(site.result.exitCode).toBe(1);
    return site.result.diagnostics.filter((d) => d.severity === "error");
  }

  it("locates a parse error in an included partial at its line and column", async () => {
    const [error, ...rest] = await errorsOf(
      siteWith("partials/byline.eta", '<p class="byline">\n  By <%= it.article.title\n</p>\n'),
    );
    expect(rest).toEqual([]);
    expect([error?.code, error?.file, error?.line, error?.column]).toEqual([
      "TemplateError",
      "templates/partials/byline.eta",
      2,
      6,
    ]);
    expect(error?.message).toBe("unclosed tag (while rendering content/articles/ferry.md)");
    expect(error && formatDiagnostic(error)).toBe(
      [
        "templates/partials/byline.eta:2:6  unclosed tag (while rendering content/articles/ferry.md) (hint: fix the template; content never runs as template code)  [TemplateError]",
        '    1 | <p class="byline">',
        "  > 2 |   By <%= it.article.title",
        "      |      ^",
        "    3 | </p>",
        "    4 | ",
      ].join("\n"),
    );
  });

  it("locates a JavaScript syntax error in a template at its template line", async () => {
    const [error] = await errorsOf(
      siteWith(
        "partials/byline.eta",
        '<p class="byline">\n<% const n = 1; %>\n<% if (it.article.title { %>x<% } %>\n</p>\n',
      ),
    );
    expect([error?.code, error?.file, error?.line]).toEqual([
      "TemplateError",
      "templates/partials/byline.eta",
      3,
    ]);
    expect(error?.message).toMatch(/^bad template syntax: Unexpected token/);
    expect(error?.message).toContain("(while rendering content/articles/ferry.md)");
  });

  it("locates a runtime error in the innermost template, not in the layout that included it", async () => {
    const [error] = await errorsOf(
      siteWith(
        "partials/byline.eta",
        '<p class="byline">\n\n<%= it.article.nope.deeper %>\n</p>\n',
      ),
    );
    expect([error?.code, error?.file, error?.line]).toEqual([
      "TemplateError",
      "templates/partials/byline.eta",
      3,
    ]);
    expect(error?.message).toBe(
      "Cannot read properties of undefined (reading 'deeper') (while rendering content/articles/ferry.md)",
    );
    expect(error?.frame).toContain("> 3 | <%= it.article.nope.deeper %>");
  });

  it("reports an include of a missing partial at the include", async () => {
    const [error] = await errorsOf(
      siteWith("partials/byline.eta", "<p>\n  <%~ include('partials/nowhere') %>\n</p>\n"),
    );
    expect([error?.code, error?.file, error?.line]).toEqual([
      "PartialNotFound",
      "templates/partials/byline.eta",
      2,
    ]);
    expect(error?.message).toContain('"partials/nowhere"');
  });

  it("names the listing page being rendered when a layout fails there", async () => {
    site = await buildSite(
      siteWith(
        "layouts/listing.eta",
        "<% layout('layouts/base', it) %>\n<h1><%= it.term.missing.name %></h1>\n",
      ),
      { dryRun: true },
    );
    const errors = site.result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect([error.code, error.file, error.line]).toEqual([
        "TemplateError",
        "templates/layouts/listing.eta",
        2,
      ]);
      expect(error.message).toMatch(/\(while rendering the (section|author|tag) page \/.+\/\)$/);
    }
    expect(errors.map((e) => e.message).some((m) => m.includes("the section page /news/"))).toBe(
      true,
    );
  });
});
