import type { ResolvedConfig } from "../config/config-schema.js";
import type { ArticleEntry } from "./article-entry.js";
import type { PreviewFlags } from "./decide-visibility.js";
import type {
  Article,
  AuthorBio,
  BodyRef,
  Site,
  SiteArticle,
  StaticPage,
  Term,
  TermRef,
} from "./model.js";
import { type PlacementContext, placeArticle, sectionName, termUrl } from "./place-article.js";
import type { SiteModel } from "./site-model.js";

/** A static page placed in the build. */
export type PlacedPage = StaticPage & BodyRef & { readonly url: string };

/** An author bio with its rendered body. */
export type PlacedBio = AuthorBio & BodyRef;

/** What a page needs to know about a section, tag or author besides its articles. */
export type TermInfo = Omit<Term, "articles">;

/**
 * The site as pages and feeds read it: the model's lists and entries, and full articles made on
 * demand from an entry, its validated record and its placement. A warm build that renders ten
 * pages makes the few dozen articles they show, never the archive.
 */
export class SiteView {
  readonly config: ResolvedConfig;
  readonly now: number;
  readonly baseUrl: string;
  readonly flags: PreviewFlags;
  readonly model: SiteModel;
  /** Static pages in the build, by URL. */
  readonly pages: readonly PlacedPage[];
  readonly #bios: ReadonlyMap<string, PlacedBio>;
  readonly #record: (entry: ArticleEntry) => Article;
  readonly #placement: PlacementContext;
  readonly #refs = new Map<string, TermRef>();
  readonly #articles = new Map<number, SiteArticle>();

  constructor(input: {
    readonly config: ResolvedConfig;
    readonly now: number;
    readonly baseUrl: string;
    readonly flags: PreviewFlags;
    readonly model: SiteModel;
    readonly pages: readonly PlacedPage[];
    readonly bios: ReadonlyMap<string, PlacedBio>;
    readonly disclaimerPartials: ReadonlySet<string>;
    /** The validated article of an entry (from the record store). */
    readonly record: (entry: ArticleEntry) => Article;
  }) {
    this.config = input.config;
    this.now = input.now;
    this.baseUrl = input.baseUrl;
    this.flags = input.flags;
    this.model = input.model;
    this.pages = input.pages;
    this.#bios = input.bios;
    this.#record = input.record;
    this.#placement = {
      config: input.config,
      now: input.now,
      flags: input.flags,
      disclaimerPartials: input.disclaimerPartials,
      tagName: (slug) => input.model.tagName(slug),
    };
  }

  /** The full article of an included id: its record, placed in this build. */
  article(id: number): SiteArticle {
    let article = this.#articles.get(id);
    if (!article) {
      const entry = this.model.entry(id);
      if (!entry?.url) throw new Error(`site view: article ${id} is not in the build`);
      const record = this.#record(entry);
      const placement = placeArticle(entry, entry.url, this.#placement, this.#refs);
      article = {
        ...record,
        ...placement,
        bodyKey: entry.bodyKey,
        readingMinutes: Math.max(1, Math.round(record.wordCount / 230)),
      };
      this.#articles.set(id, article);
    }
    return article;
  }

  /** Full articles of ids, in order. */
  articles(ids: readonly number[]): SiteArticle[] {
    return ids.map((id) => this.article(id));
  }

  /** Lets go of the articles made so far once there are `limit` of them (a large build). */
  releaseEvery(limit: number): void {
    if (this.#articles.size >= limit) this.#articles.clear();
  }

  /** The sections, in navigation order: the config's, else every section content uses. */
  sectionIds(): string[] {
    if (this.config.sections) return Object.keys(this.config.sections);
    return this.model
      .listKeys()
      .filter((key) => key.startsWith("s:"))
      .map((key) => key.slice(2));
  }

  /** A section, tag or author by list key (`s:politics`), as listing pages show it. */
  term(key: string): TermInfo {
    const slug = key.slice(2);
    if (key.startsWith("s:")) {
      return {
        kind: "section",
        name: sectionName(slug, this.config),
        slug,
        url: termUrl("section", slug, this.config),
        description: this.config.sections?.[slug]?.description,
      };
    }
    if (key.startsWith("t:")) {
      return {
        kind: "tag",
        name: this.model.tagName(slug) ?? slug,
        slug,
        url: termUrl("tag", slug, this.config),
      };
    }
    const bio = this.#bios.get(slug);
    return {
      kind: "author",
      name: bio?.name ?? this.authorSpelling(key) ?? slug,
      slug,
      url: termUrl("author", slug, this.config),
      bio,
    };
  }

  /** How the newest article by an author spells the name (an author without a bio). */
  authorSpelling(key: string): string | undefined {
    const newest = this.model.list(key)[0];
    return newest === undefined
      ? undefined
      : this.article(newest).authorRefs.find((ref) => `a:${ref.slug}` === key)?.name;
  }

  /** The author bio of a slug. */
  bio(slug: string): PlacedBio | undefined {
    return this.#bios.get(slug);
  }

  /** Every author bio. */
  bios(): PlacedBio[] {
    return [...this.#bios.values()];
  }

  /** The whole site as one object (every article made): for programs and tests, not builds. */
  snapshot(): Site {
    const model = this.model;
    const terms = (keys: readonly string[]): Term[] =>
      keys.map((key) => ({ ...this.term(key), articles: this.articles(model.list(key)) }));
    const listKeys = model.listKeys();
    const articles = this.articles(model.list("all"));
    return {
      config: this.config,
      now: this.now,
      baseUrl: this.baseUrl,
      articles,
      sections: terms(this.sectionIds().map((id) => `s:${id}`)),
      tags: terms(listKeys.filter((key) => key.startsWith("t:"))),
      authors: terms(listKeys.filter((key) => key.startsWith("a:"))),
      pages: this.pages,
      related: new Map(
        articles.map((article, index) => [
          article.url,
          this.articles(model.related(model.list("all")[index] as number)),
        ]),
      ),
      nextChange: model.nextChange(),
    };
  }

  /** The navigation: sections with names and URLs, not their articles. */
  navigation(): TermInfo[] {
    return this.sectionIds().map((id) => this.term(`s:${id}`));
  }
}
