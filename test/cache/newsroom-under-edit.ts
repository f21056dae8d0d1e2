import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import sharp from "sharp";
import { listFiles } from "../../src/files/list-files.js";

const day = 24 * 60 * 60 * 1000;

/** Tag spellings: two of them share a slug, so the tag's name goes to the more used one. */
const tags = ["Water", "Courts", "Energy", "Transit", "water"] as const;
const authors = ["Ann Lee", "Bo Chen", "Cara Dlamini"] as const;
const sections = ["news", "sport", "city"] as const;

/** One edit a newsroom makes between two builds; `which` picks an article by position. */
export type NewsroomEdit =
  | { readonly kind: "add"; readonly tag: number; readonly section: number; readonly at: number }
  | { readonly kind: "body"; readonly which: number }
  | { readonly kind: "title"; readonly which: number; readonly text: string }
  | { readonly kind: "date"; readonly which: number; readonly days: number }
  | { readonly kind: "retag"; readonly which: number; readonly tag: number }
  | { readonly kind: "renameTag"; readonly from: number; readonly to: string }
  | { readonly kind: "renameAuthor"; readonly from: number; readonly to: string }
  | { readonly kind: "remove"; readonly which: number }
  | { readonly kind: "move"; readonly which: number }
  | { readonly kind: "alias"; readonly which: number }
  | { readonly kind: "draft"; readonly which: number }
  | { readonly kind: "disclaimer" }
  | { readonly kind: "comments" }
  | { readonly kind: "config" }
  | { readonly kind: "clock"; readonly hours: number }
  | { readonly kind: "page" }
  | { readonly kind: "bio" }
  | { readonly kind: "hero"; readonly which: number }
  | { readonly kind: "image" }
  | { readonly kind: "public" }
  | { readonly kind: "blockTemplate" }
  | { readonly kind: "card"; readonly which: number }
  | { readonly kind: "embeds" };

/** Every kind of edit, as fast-check arbitraries. */
export const newsroomEdits: fc.Arbitrary<NewsroomEdit> = fc.oneof(
  fc.record({
    kind: fc.constant("add" as const),
    tag: fc.nat(tags.length - 1),
    section: fc.nat(sections.length - 1),
    at: fc.integer({ min: -6, max: 2 }),
  }),
  fc.record({ kind: fc.constant("body" as const), which: fc.nat(40) }),
  fc.record({
    kind: fc.constant("title" as const),
    which: fc.nat(40),
    text: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/),
  }),
  fc.record({
    kind: fc.constant("date" as const),
    which: fc.nat(40),
    days: fc.integer({ min: -5, max: 3 }),
  }),
  fc.record({
    kind: fc.constant("retag" as const),
    which: fc.nat(40),
    tag: fc.nat(tags.length - 1),
  }),
  fc.record({
    kind: fc.constant("renameTag" as const),
    from: fc.nat(tags.length - 1),
    to: fc.constantFrom("Justice", "WATER", "Power"),
  }),
  fc.record({
    kind: fc.constant("renameAuthor" as const),
    from: fc.nat(authors.length - 1),
    to: fc.constantFrom("Ann Lee-Moyo", "bo chen", "Dumi Nkosi"),
  }),
  fc.record({ kind: fc.constant("remove" as const), which: fc.nat(40) }),
  fc.record({ kind: fc.constant("move" as const), which: fc.nat(40) }),
  fc.record({ kind: fc.constant("alias" as const), which: fc.nat(40) }),
  fc.record({ kind: fc.constant("draft" as const), which: fc.nat(40) }),
  fc.constant({ kind: "disclaimer" as const }),
  fc.constant({ kind: "comments" as const }),
  fc.constant({ kind: "config" as const }),
  fc.record({ kind: fc.constant("clock" as const), hours: fc.integer({ min: 1, max: 72 }) }),
  fc.constant({ kind: "page" as const }),
  fc.constant({ kind: "bio" as const }),
  fc.record({ kind: fc.constant("hero" as const), which: fc.nat(40) }),
  fc.constant({ kind: "image" as const }),
  fc.constant({ kind: "public" as const }),
  fc.constant({ kind: "blockTemplate" as const }),
  fc.record({ kind: fc.constant("card" as const), which: fc.nat(40) }),
  fc.constant({ kind: "embeds" as const }),
);

/**
 * A newsroom's site on disk that edits change in place, as a writer's checkout would: articles
 * in three sections with tags (two spellings of one), authors with a bio, a disclaimer rule with
 * its partial (used by some pages only), static pages, public files and hero images, drafts,
 * embargoed and expiring stories, and aliases, and a story with story blocks (a fact box, an
 * embed, a related card) and a related card on a static page. `now` is the build clock the edits
 * move; the edits of a related card's story (its title, state, file) move its cards.
 */
export class NewsroomUnderEdit {
  now = Date.parse("2026-06-10T12:00:00Z");
  #counter = 0;
  #perPage = 2;
  #edits = 0;
  #noCookie = false;

  constructor(readonly root: string) {}

  /** Writes the site: `articles` stories and everything around them. */
  async init(articles = 12): Promise<void> {
    await this.#config();
    await this.#write(
      "templates/partials/disclaimers/water-notice.eta",
      "<p>Water stories carry this notice.</p>\n",
    );
    await this.#write(
      "content/pages/about.md",
      '---\ntitle: About us\n---\nWho we are.\n\n::related[Our first story]{story="story-1"}\n',
    );
    await this.#write(
      "content/authors/ann-lee.md",
      "---\nname: Ann Lee\nrole: Water reporter\n---\nAnn covers the water beat.\n",
    );
    await this.#write("public/robots.txt", "User-agent: *\nAllow: /\n");
    await this.#image("public/images/pump.png", "#224466");
    await this.#image("content/articles/2026/river.png", "#446622");
    for (let i = 0; i < articles; i++)
      await this.add(i % tags.length, i % sections.length, -(i % 7));
    await this.#write(
      "content/articles/2026/blocks.md",
      [
        "---",
        'title: "A story with blocks"',
        `date: ${new Date(this.now - day / 2).toISOString()}`,
        "section: city",
        'tags: ["Courts"]',
        "---",
        ':::factbox{title="Key facts"}',
        "- A fact worth a box",
        ":::",
        "",
        '::embed{url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"}',
        "",
        '::related{story="story-2"}',
        "",
      ].join("\n"),
    );
  }

  async articles(): Promise<string[]> {
    return listFiles(path.join(this.root, "content", "articles"), ["**/*.md"]);
  }

  /** Adds a story dated `at` days from now (a positive `at` is embargoed). */
  async add(tag: number, section: number, at: number): Promise<void> {
    const n = ++this.#counter;
    const date = new Date(this.now + at * day - (n % 5) * 3600_000).toISOString();
    const extra: string[] = [];
    if (n % 4 === 0) extra.push(`authors: [${JSON.stringify(authors[n % authors.length])}]`);
    // One hero at most: the river's for the river folder, else the pump's for every fifth.
    if (n % 7 === 0) extra.push("image:\n  src: ../river.png\n  alt: The river");
    else if (n % 5 === 0) extra.push("image:\n  src: /images/pump.png\n  alt: A pump station");
    if (n % 6 === 0) extra.push(`expires: ${new Date(this.now + 2 * day).toISOString()}`);
    if (n % 9 === 0) extra.push(`aliases: ["/old/${n}/"]`);
    if (n % 11 === 0) extra.push("draft: true");
    const folder = n % 7 === 0 ? "2026/river" : "2026";
    await this.#write(
      `content/articles/${folder}/story-${n}.md`,
      [
        "---",
        `title: ${JSON.stringify(`Story ${n}`)}`,
        `date: ${date}`,
        `section: ${sections[section % sections.length]}`,
        `tags: ${JSON.stringify([tags[tag % tags.length]])}`,
        ...extra,
        "---",
        `Body of story ${n}, with a [link](/news/) and a [link to a sibling](/news/2026/06/0${(n % 9) + 1}/story-${n + 1}/).`,
        "",
      ].join("\n"),
    );
  }

  /** Applies one edit to the files (or, for `clock`, to the build time). */
  async apply(edit: NewsroomEdit): Promise<void> {
    this.#edits++;
    const files = await this.articles();
    const pick = (which: number) => files[which % Math.max(files.length, 1)];
    const change = async (which: number, edit: (text: string) => string) => {
      const name = pick(which);
      if (!name) return;
      const file = path.join(this.root, "content", "articles", name);
      await writeFile(file, edit(await readFile(file, "utf8")));
    };
    switch (edit.kind) {
      case "add":
        return this.add(edit.tag, edit.section, edit.at);
      case "body":
        return change(edit.which, (t) => `${t}\nA paragraph added in edit ${this.#edits}.\n`);
      case "title":
        return change(edit.which, (t) =>
          t.replace(
            /^title: .*$/m,
            `title: ${JSON.stringify(edit.text.trim() || "Untitled story")}`,
          ),
        );
      case "date":
        return change(edit.which, (t) =>
          t.replace(
            /^date: (.*)$/m,
            (_, d: string) => `date: ${new Date(Date.parse(d) + edit.days * day).toISOString()}`,
          ),
        );
      case "retag":
        return change(edit.which, (t) =>
          t.replace(/^tags: .*$/m, `tags: ${JSON.stringify([tags[edit.tag]])}`),
        );
      case "renameTag":
        return this.#rename(files, tags[edit.from] as string, edit.to);
      case "renameAuthor":
        return this.#rename(files, authors[edit.from] as string, edit.to);
      case "remove": {
        const name = pick(edit.which);
        if (name && files.length > 2) await rm(path.join(this.root, "content", "articles", name));
        return;
      }
      case "move": {
        const name = pick(edit.which);
        if (!name) return;
        // Renamed in its folder: a relative image path still finds its file.
        const source = path.join(this.root, "content", "articles", name);
        await rename(
          source,
          path.join(path.dirname(source), `m${this.#edits}-${path.basename(name)}`),
        );
        return;
      }
      case "alias":
        return change(edit.which, (t) =>
          /^aliases:/m.test(t)
            ? t.replace(/^aliases: .*\n/m, "")
            : t.replace(/^---\n([\s\S]*?)\n---/, `---\n$1\naliases: ["/was/${this.#edits}/"]\n---`),
        );
      case "draft":
        return change(edit.which, (t) =>
          /^draft: true$/m.test(t)
            ? t.replace(/^draft: true\n/m, "")
            : t.replace(/^---\n([\s\S]*?)\n---/, "---\n$1\ndraft: true\n---"),
        );
      case "disclaimer":
        return this.#write(
          "templates/partials/disclaimers/water-notice.eta",
          `<p>Water stories carry this notice (version ${this.#edits}).</p>\n`,
        );
      case "comments": {
        const file = "templates/partials/comments.eta";
        if (existsSync(path.join(this.root, file))) return rm(path.join(this.root, file));
        return this.#write(
          file,
          '<section class="comments"><p>Comments: <%= it.mode %></p></section>\n',
        );
      }
      case "config":
        this.#perPage = this.#perPage === 2 ? 3 : 2;
        return this.#config();
      case "clock":
        this.now += edit.hours * 3600_000;
        return;
      case "page":
        return this.#write(
          "content/pages/about.md",
          `---\ntitle: About us (${this.#edits})\n---\nWho we are now.\n`,
        );
      case "bio":
        return this.#write(
          "content/authors/ann-lee.md",
          `---\nname: Ann Lee\nrole: Editor (${this.#edits})\n---\nAnn edits the water desk.\n`,
        );
      case "hero":
        return change(edit.which, (t) =>
          /^image:/m.test(t)
            ? t.replace(/^image:\n(?: {2}.*\n)+/m, "")
            : t.replace(
                /^---\n([\s\S]*?)\n---/,
                "---\n$1\nimage:\n  src: /images/pump.png\n  alt: A pump station\n---",
              ),
        );
      case "image":
        return this.#image("public/images/pump.png", this.#edits % 2 === 0 ? "#224466" : "#884422");
      case "public": {
        const file = path.join(this.root, "public", "press.txt");
        if (existsSync(file)) return rm(file);
        return this.#write("public/press.txt", `Press contact, edit ${this.#edits}.\n`);
      }
      case "blockTemplate": {
        const file = "templates/directives/factbox.eta";
        if (existsSync(path.join(this.root, file))) return rm(path.join(this.root, file));
        return this.#write(
          file,
          '<div class="facts"><b><%= it.attributes.title %></b><%~ it.children %></div>\n',
        );
      }
      case "card": {
        const target = pick(edit.which);
        const file = path.join(this.root, "content", "articles", "2026", "blocks.md");
        if (!target || !existsSync(file)) return;
        const slug = path.basename(target, ".md");
        const text = await readFile(file, "utf8");
        return writeFile(file, text.replace(/story="[^"]*"/, `story="${slug}"`));
      }
      case "embeds":
        this.#noCookie = !this.#noCookie;
        return this.#config();
    }
  }

  /** Renames a tag or author in every article that lists it (as the only one, `["name"]`). */
  async #rename(files: readonly string[], from: string, to: string): Promise<void> {
    const listed = `[${JSON.stringify(from)}]`;
    for (const name of files) {
      const file = path.join(this.root, "content", "articles", name);
      const text = await readFile(file, "utf8");
      if (text.includes(listed))
        await writeFile(file, text.replace(listed, `[${JSON.stringify(to)}]`));
    }
  }

  async #config(): Promise<void> {
    await this.#write(
      "newsdeck.config.mjs",
      `export default {
  site: { title: "Edit Test", url: "https://edit.example", timezone: "Africa/Johannesburg" },
  sections: { news: { title: "News" }, sport: { title: "Sport" }, city: { title: "City" } },
  disclaimers: [{ tags: ["Water"], partial: "water-notice" }],
  pagination: { perPage: ${this.#perPage} },
  related: { count: 2 },
  embeds: { allow: ${JSON.stringify(["www.youtube.com", ...(this.#noCookie ? ["www.youtube-nocookie.com"] : [])])} },
  feeds: { items: 3 },
  home: { latest: 3, perSection: 1 },
};\n`,
    );
  }

  async #write(rel: string, text: string): Promise<void> {
    const file = path.join(this.root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }

  async #image(rel: string, color: string): Promise<void> {
    const file = path.join(this.root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      await sharp({ create: { width: 24, height: 16, channels: 3, background: color } })
        .png()
        .toBuffer(),
    );
  }
}
