import { afterEach, describe, expect, it } from "vitest";
import { article, type BuiltSite, buildSite } from "../helpers/build-site.js";

const story = article(
  { title: "Ferry timetable changes", date: "2026-05-20T10:00:00Z", section: "news" },
  "The ferry leaves later.",
);

describe("theme resolution", () => {
  let site: BuiltSite | undefined;
  afterEach(() => site?.cleanup());

  it("builds a site that has only content/ with the default theme and default config", async () => {
    site = await buildSite({ "content/articles/ferry.md": story });
    expect(site.result.exitCode).toBe(0);
    const $ = await site.page("/news/2026/05/20/ferry/");
    expect($("h1").text()).toBe("Ferry timetable changes");
    expect($("html").attr("lang")).toBe("en");
    expect($("a.label--section").text()).toBe("News");
    expect($("aside.donate").length).toBe(0);
  });

  it("uses a site's own partial in place of the default one, file by file", async () => {
    site = await buildSite({
      "content/articles/ferry.md": story,
      "newsdeck.config.mjs":
        'export default { donate: { url: "https://example.org/give", label: "Give" } };',
      "templates/partials/donate.eta":
        '<aside class="custom-donate"><a href="<%= it.donate.url %>">Chip in</a></aside>\n',
    });
    expect(site.result.exitCode).toBe(0);
    const $ = await site.page("/news/2026/05/20/ferry/");
    expect($("aside.custom-donate a").attr("href")).toBe("https://example.org/give");
    expect($("aside.donate").length).toBe(0);
    // Everything not overridden still comes from the default theme.
    expect($("section.comments").length).toBe(1);
    expect($("header.site-header").length).toBe(1);
  });

  it("escapes front-matter text wherever a template shows it", async () => {
    site = await buildSite({
      "content/articles/ferry.md": [
        "---",
        `title: ${JSON.stringify('"<script>alert(1)</script>')}`,
        "date: 2026-05-20T10:00:00Z",
        "section: news",
        `tags: [${JSON.stringify("<b>bold</b>")}]`,
        `summary: ${JSON.stringify('x" onmouseover="alert(1)')}`,
        "---",
        "Body.",
      ].join("\n"),
    });
    expect(site.result.exitCode).toBe(0);
    const $ = await site.page("/news/2026/05/20/ferry/");
    // The only scripts are JSON-LD data blocks, and the title stays inside their JSON.
    expect($("script").not('[type="application/ld+json"]').length).toBe(0);
    const headlines = $('script[type="application/ld+json"]')
      .map((_, el) => JSON.parse($(el).text()))
      .get()
      .flatMap((data: { headline?: string }) => (data.headline ? [data.headline] : []));
    expect(headlines).toContain('"<script>alert(1)</script>');
    expect($("b").length).toBe(0);
    expect($("h1").text()).toBe('"<script>alert(1)</script>');
    expect($("[onmouseover]").length).toBe(0);
    expect($('meta[name="description"]').attr("content")).toBe('x" onmouseover="alert(1)');
  });
});
