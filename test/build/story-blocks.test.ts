import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CheerioAPI } from "cheerio";
import * as cheerio from "cheerio";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import type { Diagnostic } from "../../src/errors/diagnostic.js";
import {
  article,
  type BuiltSite,
  buildSite,
  type FileTree,
  repoRoot,
  testNow,
} from "../helpers/build-site.js";

/**
 * Story blocks in a built site (test/fixtures/story-blocks): each built-in block through the
 * default theme's partial, a site's own block, related cards in a story, a bio and a static
 * page, feeds, and the located errors only the site can tell.
 */

const story = "courts/2026/11/25/tender-ruling/index.html";

let site: BuiltSite;
let $: CheerioAPI;
beforeAll(async () => {
  site = await buildSite("story-blocks");
  expect(site.result.diagnostics).toEqual([]);
  expect(site.result.exitCode).toBe(0);
  $ = await site.page(story);
});
afterAll(() => site?.cleanup());

describe("story blocks in a built site", () => {
  it("renders each built-in block in place, in the order written", () => {
    const blocks = $(".article__body > .block")
      .map((_, element) => $(element).attr("class"))
      .get();
    expect(blocks).toEqual([
      "block factbox",
      "block pullquote",
      "block embed",
      "block related-card",
      "block timeline",
      "block donate donate--inline",
    ]);

    const factbox = $(".factbox");
    const heading = factbox.find("h2");
    expect(heading.text()).toBe("The ruling in brief");
    expect(factbox.attr("aria-labelledby")).toBe(heading.attr("id"));
    expect(
      factbox
        .find("li strong")
        .map((_, e) => $(e).text())
        .get(),
    ).toEqual(["Contract:", "Set aside because:"]);

    expect($(".pullquote blockquote").text().trim()).toBe(
      "A tender is fair only if every bidder knows the rules before the envelopes are opened.",
    );
    expect($(".pullquote figcaption").text()).toBe("Judge Mira Okafor");

    const entries = $(".timeline li")
      .map((_, e) => ({
        datetime: $(e).find("time").attr("datetime"),
        date: $(e).find("time").text(),
        text: $(e).find(".timeline__text").text(),
      }))
      .get();
    expect($(".timeline h2").text()).toBe("How the tender unravelled");
    expect(entries).toEqual([
      {
        datetime: "2026-03",
        date: "March 2026",
        text: "Bids are opened and the scoring is changed.",
      },
      { datetime: "2026-05-04", date: "4 May 2026", text: "The contract is awarded." },
      {
        datetime: "2026-11-24T14:30",
        date: "24 November 2026 at 14:30",
        text: "Judgment is handed down.",
      },
    ]);

    const donate = $(".donate--inline");
    expect(donate.find("h2").text()).toBe("Court reporting costs money");
    expect(donate.find("a.button").attr("href")).toBe("https://courier.example/support");
    // Ids are unique on the page, the story's own call-to-action included.
    const ids = $("[id]")
      .map((_, e) => $(e).attr("id"))
      .get();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("renders an embed as a link to the video's page, with no request to its host in the page", async () => {
    const embed = $("figure.embed");
    expect(embed.attr("data-embed-src")).toBe(
      "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1",
    );
    expect(embed.find("a.embed__link").attr("href")).toBe(
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    );
    expect(embed.find(".embed__title").text()).toBe("Play: The tender hearing");
    expect(embed.find("figcaption").text()).toBe("The hearing, recorded by the court");
    // Nothing the browser fetches by itself names another host: no frame, image or script.
    expect($("iframe").length).toBe(0);
    const fetched = $("[src], [srcset], link[rel~='stylesheet'], link[rel~='preload']")
      .map((_, e) => $(e).attr("src") ?? $(e).attr("href"))
      .get();
    expect(fetched.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    const script = $("script[src]");
    expect(script.attr("type")).toBe("module");
    expect(script.attr("src")).toMatch(/^\/assets\/embed\.[0-9a-f]+\.js$/);
    expect(await site.read((script.attr("src") as string).slice(1))).toContain("replaceWith");
  });

  it("shows a related card for the named story, in a story, an author's bio and by file", async () => {
    const card = $(".related-card");
    expect(card.find(".related-card__kicker").text()).toBe("Read more");
    const link = card.find(".related-card__title a");
    expect(link.text()).toBe("Riverton rations water as the dam falls to a tenth");
    expect(link.attr("href")).toBe("/water/2026/11/20/water-rationing/");
    expect(card.find(".related-card__summary").text()).toBe(
      "Households get six hours of water a day until the rains come.",
    );
    expect(card.find("time").attr("datetime")).toBe("2026-11-20T08:00:00+02:00");

    const author = await site.page("/author/ada-writer/");
    const bioCard = author(".listing__bio .related-card");
    expect(bioCard.find(".related-card__kicker").text()).toBe("Her latest water story");
    expect(bioCard.find("a").attr("href")).toBe("/water/2026/11/20/water-rationing/");

    const support = await site.page("/support/");
    expect(support(".donate--inline a.button").attr("href")).toBe(
      "https://courier.example/support",
    );
  });

  it("gives a site's own block its attributes, label and story, and never runs content as a template", async () => {
    const page = await site.page("/water/2026/11/22/site-blocks/");
    const chart = page("figure.chart");
    expect(chart.attr("data-series")).toBe("rainfall-2026");
    expect(chart.attr("data-class")).toBe("wide");
    expect(chart.attr("data-kind")).toBe("leaf");
    expect(chart.find("figcaption").text()).toBe("Rainfall by month");
    expect(chart.find("p").text()).toBe("In Rainfall this season, charted");

    const factbox = page(".factbox");
    expect(factbox.find("h2").text()).toBe("<script>alert(1)</script> & <%= it.site.title %>");
    expect(factbox.find("script").length).toBe(0);
    expect(factbox.find(".factbox__body").text().trim()).toBe(
      "Rain fell on {{ days }} days <% it.secret %>.",
    );
  });

  it("opens the story with its own first paragraph: summary and dateline skip the blocks", async () => {
    const first = $(".article__body > p").first();
    expect(first.find(".dateline").text()).toBe("RIVERTON, 25 November (Courier Wire) – ");
    expect($(".factbox .dateline").length).toBe(0);
    expect($('meta[name="description"]').attr("content")).toBe(
      "The High Court set aside the award of the valley road tender on Tuesday, finding that the scoring rules changed once the prices were known.",
    );
  });

  it("carries blocks in full-text feeds, with absolute links and without the embed's script", async () => {
    const feed = new XMLParser().parse(await site.read("feed.xml"));
    const items = feed.rss.channel.item as { title: string; description: string }[];
    const item = items.find((i) => i.title === "Court sets aside the valley road tender");
    const body = cheerio.load(
      (feed.rss.channel.item as { "content:encoded"?: string }[]).find((_, index) =>
        items[index]?.title.startsWith("Court sets aside"),
      )?.["content:encoded"] ??
        item?.description ??
        "",
    );
    expect(body(".factbox h2").text()).toBe("The ruling in brief");
    expect(body("a.embed__link").attr("href")).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    expect(body("script").length).toBe(0);
    expect(body(".related-card a").attr("href")).toBe(
      "https://courier.example/water/2026/11/20/water-rationing/",
    );
  });
});

describe("the README's example of story blocks", () => {
  it("builds, with every block in it rendered", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const example = /### Story blocks[\s\S]*?```markdown\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const built = await buildSite({
      "newsdeck.config.mjs": `export default {
  donate: { url: "https://courier.example/support", label: "Support us" },
  embeds: { allow: ["www.youtube.com"] },
};\n`,
      "content/articles/water-rationing.md": article({
        title: "Water rationing",
        date: "2026-11-20T08:00:00Z",
        section: "water",
      }),
      "content/articles/ruling.md": article(
        { title: "The ruling", date: "2026-11-25T08:00:00Z", section: "courts" },
        example,
      ),
    });
    try {
      expect(built.result.diagnostics).toEqual([]);
      const page = await built.page("/courts/2026/11/25/ruling/");
      expect(
        page(".article__body > .block")
          .map((_, e) => page(e).attr("class")?.split(" ")[1])
          .get(),
      ).toEqual(["factbox", "pullquote", "embed", "related-card", "timeline", "donate"]);
    } finally {
      await built.cleanup();
    }
  });
});

describe("story block errors only the site can tell", () => {
  const config = `export default {
  site: { url: "https://courier.example" },
  sections: { news: { title: "News" } },
  donate: { url: "https://courier.example/support", label: "Support us" },
};\n`;
  const stories: FileTree = {
    "newsdeck.config.mjs": config,
    "content/articles/published.md": article({
      title: "A published story",
      date: "2026-11-01T08:00:00Z",
      section: "news",
    }),
    "content/articles/draft.md": article({
      title: "A draft",
      date: "2026-11-01T08:00:00Z",
      section: "news",
      draft: true,
    }),
    "content/articles/embargoed.md": article({
      title: "An embargoed story",
      date: "2026-12-24T08:00:00Z",
      section: "news",
    }),
    "content/articles/expired.md": article({
      title: "An expired story",
      date: "2026-10-01T08:00:00Z",
      expires: "2026-11-01T00:00:00Z",
      section: "news",
    }),
    "content/articles/a/twin.md": article({ title: "Twin A", date: "2026-11-02", section: "news" }),
    "content/articles/b/twin.md": article({ title: "Twin B", date: "2026-11-03", section: "news" }),
  };
  const user = (body: string) =>
    article({ title: "The user", date: "2026-11-20T08:00:00Z", section: "news" }, body);

  /** Builds the stories and a user whose body is `body`; returns `line code message hint` lines. */
  async function problems(body: string, extra: FileTree = {}, options = {}): Promise<string[]> {
    const built = await buildSite(
      { ...stories, "content/articles/user.md": user(body), ...extra },
      options,
    );
    try {
      return built.result.diagnostics.map(
        (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint}`,
      );
    } finally {
      await built.cleanup();
    }
  }

  it("reports a related card of a story that is not published, unknown or ambiguous, at the card", async () => {
    const found = await problems(
      [
        '::related{story="published"}', // line 6: fine
        '::related{story="draft"}',
        '::related{story="content/articles/draft.md"}',
        '::related{story="embargoed.md"}',
        '::related{story="expired.md"}',
        '::related{story="publishd"}',
        '::related{story="twin"}',
        '::related{story="https://elsewhere.example/news/2026/11/01/published/"}',
        '::related{story="/news/2026/11/01/draft/"}',
      ].join("\n\n"),
    );
    expect(found).toEqual([
      'content/articles/user.md:8:1 RelatedStoryNotFound related story "draft": no published story has this slug | check the name; a draft, embargoed or expired story cannot be named until it is published',
      'content/articles/user.md:10:1 RelatedStoryNotFound related story "content/articles/draft.md": content/articles/draft.md is a draft | a related card may only name a published story: wait until it is published, or name another',
      'content/articles/user.md:12:1 RelatedStoryNotFound related story "embargoed.md": content/articles/embargoed.md is embargoed until 2026-12-24T08:00:00+00:00 | a related card may only name a published story: wait until it is published, or name another',
      'content/articles/user.md:14:1 RelatedStoryNotFound related story "expired.md": content/articles/expired.md has expired | a related card may only name a published story: wait until it is published, or name another',
      'content/articles/user.md:16:1 RelatedStoryNotFound related story "publishd": no published story has this slug | did you mean "published"?',
      'content/articles/user.md:18:1 RelatedStoryNotFound related story "twin": 2 stories have this slug (content/articles/a/twin.md, content/articles/b/twin.md) | name one by its file, e.g. story="a/twin"',
      'content/articles/user.md:20:1 RelatedStoryNotFound related story "https://elsewhere.example/news/2026/11/01/published/": elsewhere.example is not this site\'s address | a related card names a story of this site; link to other sites in the text',
      'content/articles/user.md:22:1 RelatedStoryNotFound related story "/news/2026/11/01/draft/": no published story has this URL | check the name; a draft, embargoed or expired story cannot be named until it is published',
    ]);
  });

  it("shows a draft or scheduled story's card in a preview, marked as such", async () => {
    const built = await buildSite(
      {
        ...stories,
        "content/articles/user.md": user(
          '::related{story="draft"}\n\n::related{story="embargoed"}',
        ),
      },
      { drafts: true, future: true },
    );
    try {
      expect(built.result.exitCode).toBe(0);
      const page = await built.page("/news/2026/11/20/user/");
      expect(
        page(".related-card__title")
          .map((_, e) => page(e).text())
          .get(),
      ).toEqual(["A draft", "An embargoed story"]);
      expect(
        page(".related-card__meta strong")
          .map((_, e) => page(e).text())
          .get(),
      ).toEqual(["Draft, shown in this preview only", "Scheduled, shown in this preview only"]);
    } finally {
      await built.cleanup();
    }
  });

  it("reports an unknown block with the closest name, and knows a site's own block", async () => {
    const body = '::factbx{title="x"}\n\n::chrt';
    expect(await problems(body)).toEqual([
      'content/articles/user.md:6:1 DirectiveUnknown there is no story block "factbx" | did you mean "factbox"?',
      'content/articles/user.md:8:1 DirectiveUnknown there is no story block "chrt" | the blocks are donate, embed, factbox, pullquote, related, timeline; a site adds its own as templates/directives/<name>.eta',
    ]);
    expect(
      await problems(body, { "templates/directives/chart.eta": "<div>chart</div>\n" }),
    ).toEqual([
      'content/articles/user.md:6:1 DirectiveUnknown there is no story block "factbx" | did you mean "factbox"?',
      'content/articles/user.md:8:1 DirectiveUnknown there is no story block "chrt" | did you mean "chart"?',
    ]);
  });

  it("reports a donation block on a site without donate settings, and hides it on a story without the call-to-action", async () => {
    expect(
      await problems("::donate", {
        "newsdeck.config.mjs": `export default { sections: { news: { title: "News" } } };\n`,
      }),
    ).toEqual([
      'content/articles/user.md:6:1 DirectiveInvalid a donation block needs the site\'s donate settings, and the config has none | add donate: { url: "https://...", label: "Support us" } to the config',
    ]);
    const built = await buildSite({
      ...stories,
      "content/articles/user.md": article(
        { title: "No appeal", date: "2026-11-20T08:00:00Z", section: "news", donate: false },
        "Text.\n\n::donate",
      ),
    });
    try {
      expect(built.result.exitCode).toBe(0);
      const page = await built.page("/news/2026/11/20/user/");
      expect(page(".donate").length).toBe(0);
    } finally {
      await built.cleanup();
    }
  });

  it("reports the problems of blocks in `newsdeck check` too, and writes nothing", async () => {
    const built = await buildSite(
      {
        ...stories,
        "content/articles/user.md": user('::related{story="draft"}\n\n::embed{url="javascript:x"}'),
      },
      { dryRun: true },
    );
    try {
      expect(built.result.exitCode).toBe(1);
      expect(built.result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
        "6:1 RelatedStoryNotFound",
        "8:9 DirectiveAttributeInvalid",
      ]);
      expect(await built.files().catch(() => [])).toEqual([]);
    } finally {
      await built.cleanup();
    }
  });
});

describe("story blocks and the build that follows", () => {
  it("fails every build while a related card names a story that went, and builds again once it is back", async () => {
    const built = await buildSite({
      "newsdeck.config.mjs": `export default { sections: { news: { title: "News" } } };\n`,
      "content/articles/target.md": article({
        title: "The target",
        date: "2026-11-01T08:00:00Z",
        section: "news",
      }),
      "content/articles/user.md": article(
        { title: "The user", date: "2026-11-20T08:00:00Z", section: "news" },
        '::related{story="target"}',
      ),
    });
    try {
      expect(built.result.exitCode).toBe(0);
      const target = path.join(built.root, "content", "articles", "target.md");
      const again = () => build({ root: built.root, outDir: built.outDir, now: testNow });
      await rm(target);
      for (let attempt = 0; attempt < 2; attempt++) {
        const failed = await again();
        expect(failed.exitCode).toBe(1);
        expect(failed.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
          "content/articles/user.md:6 RelatedStoryNotFound",
        ]);
      }
      // The output was left as it was: the card still shows the story that went.
      const page = await built.page("/news/2026/11/20/user/");
      expect(page(".related-card a").text()).toBe("The target");
      await writeFile(
        target,
        article({ title: "The target, back", date: "2026-11-01T08:00:00Z", section: "news" }),
      );
      const fixed = await again();
      expect(fixed.exitCode).toBe(0);
      expect((await built.page("/news/2026/11/20/user/"))(".related-card a").text()).toBe(
        "The target, back",
      );
    } finally {
      await built.cleanup();
    }
  });
});
