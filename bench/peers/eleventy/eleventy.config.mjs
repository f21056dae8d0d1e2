// Eleventy 3.1.8, the smallest setup that renders what the benchmark compares: every article
// page, and section and tag listings of 20 stories a page, newest first (as Newsdeck's).
// bench/peers/prepare-eleventy-site.ts copies the corpus's articles under articles/ beside
// site/'s templates; bench/run-bench.ts runs `eleventy --config=this --input=that --output=...`.

const perPage = 20;

const slugify = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Listing pages: for each name (a section or a tag), its stories 20 at a time. */
function listingPages(articles, namesOf) {
  const groups = new Map();
  for (const article of articles) {
    for (const name of namesOf(article)) {
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(article);
    }
  }
  const pages = [];
  for (const [name, items] of groups) {
    for (let start = 0, page = 1; start < items.length; start += perPage, page++) {
      pages.push({ name, slug: slugify(name), page, items: items.slice(start, start + perPage) });
    }
  }
  return pages;
}

export default function (eleventyConfig) {
  const articles = (api) =>
    api
      .getAll()
      .filter((item) => typeof item.data.section === "string")
      .sort((a, b) => b.date - a.date);
  eleventyConfig.addCollection("sectionPages", (api) =>
    listingPages(articles(api), (item) => [item.data.section]),
  );
  eleventyConfig.addCollection("tagPages", (api) =>
    listingPages(articles(api), (item) => item.data.tags ?? []),
  );
  return {
    // Bodies are Markdown only, as in Newsdeck: never run as templates.
    markdownTemplateEngine: false,
    htmlTemplateEngine: "liquid",
    dir: { includes: "_includes" },
  };
}
