import { type CheerioAPI, load } from "cheerio";
import { toHtml } from "hast-util-to-html";
import { describe, expect, it } from "vitest";
import { createMarkdownRenderer } from "../../src/markdown/create-markdown-processor.js";
import { renderMarkdown } from "../../src/markdown/render-markdown.js";
import { xssVectors } from "./xss-vectors.js";

const allowedHosts = ["www.youtube.com", "player.vimeo.com"];
const renderer = createMarkdownRenderer({ embedsAllow: allowedHosts });

/**
 * Renders a body as a page shows it: local images come out of the processor as placeholders,
 * which the page renderer swaps for the published file's markup (never the raw `src`); here
 * every one becomes an image at a fixed URL with its alt text (a CDN URL, so that rendering
 * the output again leaves it as it is, as it does any remote image).
 */
async function render(markdown: string): Promise<string> {
  const rendered = renderMarkdown(renderer, {
    file: "content/news/article.md",
    body: markdown,
    bodyLine: 1,
  });
  return rendered.html.replace(
    /<newsdeck-image data-index="(\d+)"><\/newsdeck-image>/g,
    (_, index: string) =>
      toHtml({
        type: "element",
        tagName: "img",
        properties: {
          src: "https://cdn.example/images/published.jpg",
          alt: rendered.images[Number(index)]?.alt ?? "",
          loading: "lazy",
          decoding: "async",
        },
        children: [],
      }),
  );
}

const forbiddenElements = new Set([
  "script",
  "style",
  "object",
  "embed",
  "base",
  "meta",
  "link",
  "form",
  "template",
  "frame",
  "frameset",
  "isindex",
  "svg",
  "math",
]);
const forbiddenAttributes = new Set(["srcdoc", "formaction", "style", "name"]);
const urlAttributes = new Set([
  "href",
  "src",
  "action",
  "xlink:href",
  "cite",
  "background",
  "poster",
  "data",
  "longdesc",
  "dynsrc",
  "lowsrc",
]);
const forbiddenSandboxTokens = [
  "allow-top-navigation",
  "allow-top-navigation-by-user-activation",
  "allow-popups-to-escape-sandbox",
  "allow-modals",
  "allow-forms",
];

const powerfulFeatures = [
  "camera",
  "microphone",
  "geolocation",
  "payment",
  "usb",
  "display-capture",
];

/** True when a URL would run script or load a document of the attacker's making. */
function isDangerousUrl(value: string): boolean {
  // What browsers ignore or strip before reading a scheme, and then some (format characters).
  const normalized = value.replace(/[\p{Cc}\p{Cf}\s]/gu, "").toLowerCase();
  return ["javascript:", "vbscript:", "data:"].some((scheme) => normalized.startsWith(scheme));
}

/**
 * Everything unsafe in `html` as a browser would build it: parsed as the body of a document with
 * scripting on and off, again after a serialize-and-parse round trip (mutation XSS), and with
 * the text of any `<noscript>` parsed as markup.
 */
function findUnsafe(html: string): string[] {
  const problems: string[] = [];
  for (const scriptingEnabled of [true, false]) {
    const $ = load(html, { scriptingEnabled });
    inspect($, problems);
    inspect(load($.html(), { scriptingEnabled }), problems);
  }
  return [...new Set(problems)];
}

function inspect($: CheerioAPI, problems: string[]): void {
  // Head included: a `<base>`, `<meta>` or `<link>` at the start of a body is parsed into it.
  for (const element of $("html, html *").toArray()) {
    const tag = element.tagName.toLowerCase();
    if (forbiddenElements.has(tag)) problems.push(`<${tag}> element`);
    if (tag === "noscript") problems.push(...findUnsafe($(element).text()));
    for (const [attribute, value] of Object.entries(element.attribs)) {
      const name = attribute.toLowerCase();
      if (name.startsWith("on")) problems.push(`${name} on <${tag}>`);
      if (forbiddenAttributes.has(name)) problems.push(`${name} on <${tag}>`);
      if (urlAttributes.has(name) && isDangerousUrl(value)) problems.push(`${name}="${value}"`);
      if (name === "srcset" && value.split(",").some(isDangerousUrl)) {
        problems.push(`srcset="${value}"`);
      }
      if (name === "id" && !/^h[1-6]$/.test(tag) && !isNamespacedId(value)) {
        problems.push(`id="${value}" on <${tag}> can clobber a global`);
      }
    }
    const target = element.attribs.target?.toLowerCase();
    const rel = element.attribs.rel?.toLowerCase().split(/\s+/) ?? [];
    if (target === "_blank" && !rel.includes("noopener") && !rel.includes("noreferrer")) {
      problems.push(`target=_blank without rel=noopener on <${tag}>`);
    }
    if (tag === "iframe") problems.push(...iframeProblems(element.attribs));
  }
}

function isNamespacedId(id: string): boolean {
  return id.startsWith("user-content-") || id === "footnote-label";
}

function iframeProblems(attributes: Record<string, string>): string[] {
  const problems: string[] = [];
  const sandbox = attributes.sandbox;
  if (sandbox === undefined) problems.push("iframe without sandbox");
  const tokens = sandbox?.toLowerCase().split(/\s+/) ?? [];
  for (const token of forbiddenSandboxTokens) {
    if (tokens.includes(token)) problems.push(`iframe sandbox allows ${token}`);
  }
  const delegated = attributes.allow?.toLowerCase() ?? "";
  for (const feature of powerfulFeatures) {
    if (delegated.includes(feature)) problems.push(`iframe allows ${feature}`);
  }
  let url: URL | undefined;
  try {
    url = new URL(attributes.src ?? "");
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:" || !allowedHosts.includes(url.host)) {
    problems.push(`iframe src="${attributes.src}" is not https on an allowed host`);
  }
  return problems;
}

describe("the safety check used by these tests", () => {
  const unsafeSamples: [html: string, problem: string][] = [
    ["<script>alert(1)</script>", "<script> element"],
    ['<base href="https://evil.example/">', "<base> element"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta> element"],
    ["<img src=x onerror=alert(1)>", "onerror on <img>"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', 'href="jav\tascript:alert(1)"'],
    ['<a href=" DATA:text/html,x">x</a>', 'href=" DATA:text/html,x"'],
    ['<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 'href="javascript:'],
    ["<noscript><img src=x onerror=alert(1)></noscript>", "onerror on <img>"],
    ['<p style="color:red">x</p>', "style on <p>"],
    ['<img src="x" name="cookie">', "name on <img>"],
    ['<a id="location">x</a>', 'id="location"'],
    ['<a href="https://evil.example/" target="_blank">x</a>', "target=_blank without rel"],
    ['<iframe src="https://www.youtube.com/embed/x"></iframe>', "iframe without sandbox"],
    ['<iframe sandbox="" src="https://evil.example/"></iframe>', "not https on an allowed host"],
    ['<iframe sandbox="" src="http://www.youtube.com/x"></iframe>', "not https on an allowed host"],
    [
      '<iframe sandbox="allow-scripts allow-top-navigation" src="https://www.youtube.com/x"></iframe>',
      "sandbox allows allow-top-navigation",
    ],
    [
      '<iframe sandbox="" allow="camera" src="https://www.youtube.com/x"></iframe>',
      "iframe allows camera",
    ],
    ['<form><button formaction="javascript:alert(1)">go</button></form>', "formaction on <button>"],
  ];

  it.each(unsafeSamples)("flags unsanitized %s as %s", (html, problem) => {
    expect(findUnsafe(html)).toContainEqual(expect.stringContaining(problem));
  });

  it("accepts plain safe markup", () => {
    const html =
      '<p><a href="mailto:desk@example.com">mail</a> <img src="https://cdn.example/a.jpg" alt=""></p>';
    expect(findUnsafe(html)).toEqual([]);
  });
});

describe("sanitizing article bodies", () => {
  it("has a corpus of at least 50 distinct vectors", () => {
    expect(xssVectors.length).toBeGreaterThanOrEqual(50);
    expect(new Set(xssVectors.map((vector) => vector.name)).size).toBe(xssVectors.length);
  });

  it.each(xssVectors)("neutralizes $name", async ({ markdown }) => {
    expect(findUnsafe(await render(markdown))).toEqual([]);
  });

  // Sanitizing is a fixpoint: safe output, parsed and sanitized again, is the same output. An
  // HTML block (`<div>` up to a blank line) keeps Markdown from touching the output's text.
  it.each(xssVectors)(
    "sanitizes its own output for $name to the same HTML",
    async ({ markdown }) => {
      const once = await render(markdown);
      expect(once).not.toMatch(/\n\s*\n/);
      const twice = await render(`<div>${once}</div>`);
      expect(findUnsafe(twice)).toEqual([]);
      expect(twice).toBe(`<div>${once}</div>`);
    },
  );
});

describe("keeping legitimate content", () => {
  it("keeps an allowed YouTube embed, sandboxed, with its size and title but fixed permissions", async () => {
    const $ = load(
      await render(
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Interview" width="560" height="315" allow="camera; autoplay" sandbox="allow-top-navigation" allowfullscreen></iframe>',
      ),
    );
    const iframe = $("iframe");
    expect(iframe).toHaveLength(1);
    expect(iframe.attr("src")).toBe("https://www.youtube.com/embed/dQw4w9WgXcQ");
    expect(iframe.attr("title")).toBe("Interview");
    expect(iframe.attr("width")).toBe("560");
    expect(iframe.attr("height")).toBe("315");
    expect(iframe.attr("allowfullscreen")).toBeDefined();
    expect(iframe.attr("sandbox")?.split(" ").sort()).toEqual([
      "allow-popups",
      "allow-presentation",
      "allow-same-origin",
      "allow-scripts",
    ]);
    expect(iframe.attr("allow")).toBe("encrypted-media; fullscreen; picture-in-picture");
    expect(iframe.attr("loading")).toBe("lazy");
  });

  it("keeps a Vimeo embed and titles an untitled embed with its host", async () => {
    const $ = load(
      await render(
        '<iframe src="https://player.vimeo.com/video/76979871" width="640" height="360"></iframe>',
      ),
    );
    expect($("iframe").attr("src")).toBe("https://player.vimeo.com/video/76979871");
    expect($("iframe").attr("title")).toBe("Embedded content from player.vimeo.com");
    expect($("iframe").attr("sandbox")).toContain("allow-scripts");
  });

  it("keeps an embed whose host differs only in letter case and default port, normalized", async () => {
    const $ = load(await render('<iframe src="https://WWW.YouTube.com:443/embed/x"></iframe>'));
    expect($("iframe").attr("src")).toBe("https://www.youtube.com/embed/x");
  });

  it("gives Markdown headings ids from their text", async () => {
    const $ = load(await render("## Election results\n\n### What we know so far"));
    expect($("h2").attr("id")).toBe("election-results");
    expect($("h3").attr("id")).toBe("what-we-know-so-far");
  });

  it("keeps raw HTML ids only in the user-content- namespace", async () => {
    const $ = load(
      await render(
        '<h2 id="location">Where we are</h2>\n\n<p id="user-content-method">How</p>\n\n<p id="map">Map</p>',
      ),
    );
    expect($("h2").attr("id")).toBe("where-we-are");
    expect($("p").first().attr("id")).toBe("user-content-method");
    expect($("p").last().attr("id")).toBeUndefined();
  });

  it("keeps GFM tables", async () => {
    const $ = load(await render("| Party | Seats |\n| :--- | ---: |\n| Green | 12 |"));
    expect(
      $("table thead th")
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(["Party", "Seats"]);
    expect(
      $("table tbody td")
        .map((_, td) => $(td).text())
        .get(),
    ).toEqual(["Green", "12"]);
    expect($("table tbody td").last().attr("align")).toBe("right");
  });

  it("keeps task lists as disabled checkboxes", async () => {
    const $ = load(await render("- [x] Call the council\n- [ ] Check the figures"));
    const boxes = $("ul.contains-task-list > li.task-list-item > input");
    expect(boxes).toHaveLength(2);
    expect(boxes.map((_, box) => $(box).attr("type")).get()).toEqual(["checkbox", "checkbox"]);
    expect(boxes.first().attr("checked")).toBeDefined();
    expect(boxes.last().attr("checked")).toBeUndefined();
    expect(boxes.filter("[disabled]")).toHaveLength(2);
  });

  it("keeps footnotes with links that reach their targets", async () => {
    const $ = load(
      await render("The minister denied it.[^denial]\n\n[^denial]: Statement of 3 May."),
    );
    const reference = $("sup a[data-footnote-ref]");
    const href = reference.attr("href") ?? "";
    expect(href).toMatch(/^#user-content-fn-/);
    expect($(`[id="${href.slice(1)}"]`).text()).toContain("Statement of 3 May.");
    const backref = $("a[data-footnote-backref]").attr("href") ?? "";
    expect($(`[id="${backref.slice(1)}"]`).is(reference)).toBe(true);
    expect($(`#${reference.attr("aria-describedby")}`).text()).toBe("Footnotes");
  });

  it("keeps the language class of a fenced code block and its markup as text", async () => {
    const $ = load(await render("```ts\nconst tag = '<script>alert(1)</script>';\n```"));
    expect($("pre > code").attr("class")).toBe("language-ts");
    expect($("pre > code").text()).toBe("const tag = '<script>alert(1)</script>';\n");
  });

  it("keeps mailto, tel, https and relative links", async () => {
    const hrefs = [
      "mailto:tips@example.com",
      "tel:+441234567890",
      "https://example.com/report.pdf",
      "../about/",
      "/politics/",
      "#methodology",
    ];
    const $ = load(await render(hrefs.map((href, index) => `[link ${index}](${href})`).join(" ")));
    expect(
      $("a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual(hrefs);
  });

  it("keeps https images, figures with captions, abbreviations and times", async () => {
    const $ = load(
      await render(
        '![Flooded street](https://cdn.example/flood.jpg)\n\n<figure><img src="https://cdn.example/map.png" alt="Map"><figcaption>The area</figcaption></figure>\n\n<abbr title="Associated Press">AP</abbr> <time datetime="2024-05-03">3 May</time>',
      ),
    );
    expect($("img").first().attr("src")).toBe("https://cdn.example/flood.jpg");
    expect($("img").first().attr("alt")).toBe("Flooded street");
    expect($("figure > figcaption").text()).toBe("The area");
    expect($("figure > img").attr("src")).toBe("https://cdn.example/map.png");
    expect($("abbr").attr("title")).toBe("Associated Press");
    expect($("time").attr("datetime")).toBe("2024-05-03");
  });

  it("keeps a picture with http and relative srcset URLs", async () => {
    const $ = load(
      await render(
        '<picture><source srcset="https://cdn.example/wide.jpg 2x, narrow.jpg 1x" media="(min-width: 40em)"><img src="https://cdn.example/a.jpg" alt="Crowd"></picture>',
      ),
    );
    expect($("picture > source").attr("srcset")).toBe(
      "https://cdn.example/wide.jpg 2x, narrow.jpg 1x",
    );
    expect($("picture > source").attr("media")).toBe("(min-width: 40em)");
  });

  it("renders template syntax in a body as literal text", async () => {
    const html = await render("Welcome to {{ site.title }} and <% it.x %> stays as it is.");
    expect(load(html)("p").text()).toBe(
      "Welcome to {{ site.title }} and <% it.x %> stays as it is.",
    );
    // The raw `<%` opener never reaches the page, whatever later processes the HTML.
    expect(html).not.toContain("<%");
  });
});
