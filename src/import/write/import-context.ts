import { readFileSync } from "node:fs";
import path from "node:path";
import type { BlockContent } from "mdast";
import { hashBytes } from "../../cache/hash.js";
import { servedAs } from "../../site/check-url-clashes.js";
import { slugify } from "../../site/slugify.js";
import { hostsOf, oldSitePath } from "../convert/old-site-path.js";
import type { ImportNoteCode, ImportNotes } from "../import-notes.js";
import type { PlannedStory, SitePlan } from "../plan/plan-site.js";
import type {
  BodyContext,
  HeldFile,
  ResolvedImage,
  SourceArchive,
  SourceEmbed,
  SourceImage,
} from "../source-archive.js";
import { embedBlock, figureBlock, fileLinkBlock } from "../story-blocks.js";
import { checkImageFile } from "./check-image-file.js";

/** An image for front matter, resolved. */
export interface ResolvedHero {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
}

/**
 * What converting bodies shares across the import: which files the source holds and which of
 * them are images the build can publish, the files to copy, the embed hosts the config must
 * allow, and where old URLs now lead. Hands each story a {@link BodyContext}.
 *
 * A story's images are copied next to its file (`content/articles/2026/05/<slug>/photo.jpg`),
 * not into `public/`: the build publishes them only while the story is published, so a draft,
 * scheduled or expired story leaves no image behind. Other files a published story links to
 * (a PDF) go to `public/` at the path the old site served them from.
 */
export class ImportContext {
  /** Files to copy, by path relative to the new site's folder (`content/...` or `public/...`). */
  readonly copies = new Map<string, string>();
  /** Hosts the embeds the import kept load from, for `embeds.allow`. */
  readonly embedHosts = new Set<string>();
  /** Source files some story shows as an image: they live beside stories, not in `public/`. */
  readonly storyImageSources = new Set<string>();
  readonly #archive: SourceArchive;
  readonly #plan: SitePlan;
  readonly #siteUrl: string | undefined;
  readonly #notes: ImportNotes;
  readonly #hosts: readonly string[];
  readonly #images = new Map<string, Promise<boolean>>();
  /**
   * What each story's image references were resolved to, by the reference as the story now
   * writes it: a shortcode's figure is resolved once, and the Markdown pass that follows sees the
   * new reference and must leave it as it is.
   */
  readonly #issued = new Map<string, ResolvedImage>();
  /** Per story folder: the image names taken in it. */
  readonly #storyImages = new Map<string, Set<string>>();
  /** Where each image (by the SHA-256 of its bytes) was copied, relative to the site. */
  readonly #placed = new Map<string, string>();

  constructor(
    archive: SourceArchive,
    plan: SitePlan,
    siteUrl: string | undefined,
    notes: ImportNotes,
  ) {
    this.#archive = archive;
    this.#plan = plan;
    this.#siteUrl = siteUrl?.replace(/\/+$/, "");
    this.#notes = notes;
    this.#hosts = [...new Set([...archive.hosts, ...hostsOf([siteUrl])])];
  }

  /** The context a planned story's body is converted in. */
  for(planned: PlannedStory): BodyContext {
    const story = planned.normalized.story;
    const note = (code: ImportNoteCode, line: number, message: string) =>
      this.#notes.add(code, story.file, line, message);
    return {
      story,
      note,
      image: (ref, line, alt) => this.#image(planned, ref, line, alt, note),
      embed: (embed, line) => this.#embed(embed, line, note),
      figure: (image, line) => this.#figure(planned, image, line, note),
      link: (ref) => this.#link(planned, ref),
      storyUrl: (ref) => this.#plan.refTargets.get(ref),
    };
  }

  /** A story's hero image as front matter, or undefined when it cannot be shown. */
  async hero(planned: PlannedStory, image: SourceImage): Promise<ResolvedHero | undefined> {
    const context = this.for(planned);
    const line = planned.normalized.story.lineOf("image");
    const resolved = await context.image(image.src, line, image.alt || image.caption || "");
    if (resolved.kind === "missing") return undefined;
    if (resolved.kind === "link") {
      context.note(
        "ImageNotAnImage",
        line,
        `the hero image ${image.src} is not an image the build can publish and was left out`,
      );
      return undefined;
    }
    return {
      src: resolved.src,
      alt: resolved.alt || fallbackAlt(image.src),
      caption: image.caption,
      credit: image.credit,
    };
  }

  #embed(embed: SourceEmbed, line: number, note: BodyContext["note"]): BlockContent[] {
    const block = embedBlock(embed, (host) => this.#hosts.includes(host));
    if (block.host) this.embedHosts.add(block.host);
    else note("EmbedAsLink", line, `the embed of ${embed.url} became a link`);
    return block.nodes;
  }

  async #figure(
    planned: PlannedStory,
    image: SourceImage,
    line: number,
    note: BodyContext["note"],
  ): Promise<BlockContent[]> {
    const resolved = await this.#image(
      planned,
      image.src,
      line,
      image.alt || image.caption || "",
      note,
    );
    if (resolved.kind === "missing") return [];
    if (resolved.kind === "link")
      return fileLinkBlock(resolved.href, resolved.alt || path.posix.basename(resolved.href));
    return figureBlock({ ...resolved, caption: image.caption, credit: image.credit });
  }

  async #image(
    planned: PlannedStory,
    ref: string,
    line: number,
    alt: string,
    note: BodyContext["note"],
  ): Promise<ResolvedImage> {
    const issued = this.#issued.get(`${planned.file}\u0000${ref.trim()}`);
    if (issued) return issued.kind === "missing" ? issued : { ...issued, alt: alt || issued.alt };
    const resolved = await this.#resolveImage(planned, ref, line, alt, note);
    const written =
      resolved.kind === "link"
        ? resolved.href
        : resolved.kind === "missing"
          ? undefined
          : resolved.src;
    if (written !== undefined) this.#issued.set(`${planned.file}\u0000${written}`, resolved);
    return resolved;
  }

  async #resolveImage(
    planned: PlannedStory,
    ref: string,
    line: number,
    alt: string,
    note: BodyContext["note"],
  ): Promise<ResolvedImage> {
    const story = planned.normalized.story;
    const src = ref.trim();
    if (!src) return { kind: "missing", alt };
    if (/^data:/i.test(src)) {
      note("ImageMissing", line, "an image written into the page as data (data: URL) was removed");
      return { kind: "missing", alt };
    }
    const held = this.#archive.findFile(src, story);
    if (held) {
      if (!(await this.#isImage(held))) {
        note(
          "ImageNotAnImage",
          line,
          `${src} is not an image the build can publish: it became a link`,
        );
        return { kind: "link", href: this.#publicCopy(planned, held) ?? src, alt };
      }
      const local = this.#besideStory(planned, held);
      if (alt) return { kind: "local", src: local, alt };
      const made = fallbackAlt(held.publicPath);
      note(
        "AltTextMissing",
        line,
        `the image ${src} had no alt text: "${made}" was used; describe the picture`,
      );
      return { kind: "local", src: local, alt: made };
    }
    const absolute = /^(?:https?:)?\/\//i.test(src);
    const oldPath = oldSitePath(src, this.#hosts, story.oldUrl);
    if (absolute) {
      if (oldPath !== undefined)
        note("ImageRemote", line, `${src} is not in the source: it still loads from the old site`);
      return { kind: "remote", src: src.startsWith("//") ? `https:${src}` : src, alt };
    }
    if (this.#siteUrl && oldPath !== undefined) {
      const remote = `${this.#siteUrl}${encodeURI(oldPath)}`;
      note("ImageRemote", line, `${src} is not in the source: it now loads from ${remote}`);
      return { kind: "remote", src: remote, alt };
    }
    note(
      "ImageMissing",
      line,
      `${src} is not in the source and was removed (give --site-url to load it from the old site)`,
    );
    return { kind: "missing", alt };
  }

  #link(planned: PlannedStory, ref: string): string {
    const story = planned.normalized.story;
    const hash = /#.*$/.exec(ref)?.[0] ?? "";
    const oldPath = oldSitePath(ref.replace(/#.*$/, ""), this.#hosts, story.oldUrl);
    if (oldPath === undefined) return ref;
    const target =
      this.#plan.linkTargets.get(servedAs(oldPath)) ?? this.#plan.refTargets.get(oldPath);
    if (target) return `${target}${hash}`;
    if (/\.[a-z0-9]{1,5}$/i.test(oldPath) && !/\.html?$/i.test(oldPath)) {
      const held = this.#archive.findFile(ref, story);
      const copied = held ? this.#publicCopy(planned, held) : undefined;
      if (copied) return `${copied}${hash}`;
      if (!held) {
        // A file the old site served that the archive does not hold, like an image.
        const line = story.bodyLine;
        if (this.#siteUrl) {
          const remote = `${this.#siteUrl}${encodeURI(oldPath)}${hash}`;
          this.#notes.add(
            "FileNotHeld",
            story.file,
            line,
            `${ref} is not in the source: the link now goes to ${remote}`,
          );
          return remote;
        }
        this.#notes.add(
          "FileNotHeld",
          story.file,
          line,
          `${ref} is not in the source: the link points to no file of the new site (give --site-url to link to the old site)`,
        );
      }
    }
    // A relative link meant the old location: written from the site root it still means it.
    return /^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(ref) ? ref : `${encodeURI(oldPath)}${hash}`;
  }

  /**
   * Copies an image next to the story's file (once per story; a second file of the same name
   * gets a number) and returns the relative path the story writes. An image another story
   * already has (the same bytes) is not copied again: the story points at that copy. The build
   * names a published image by its name and bytes, so two copies would claim one output.
   */
  #besideStory(planned: PlannedStory, held: HeldFile): string {
    const hash = hashBytes(readFileSync(held.absPath));
    this.storyImageSources.add(held.absPath);
    let placed = this.#placed.get(hash);
    if (placed === undefined) {
      // The folder is named like the story's file, which is unique (two stories may share a slug).
      const folder = planned.file.replace(/\.md$/, "");
      const taken = this.#storyImages.get(folder) ?? new Set<string>();
      this.#storyImages.set(folder, taken);
      // A URL-safe name: the same text works as a Markdown link and as a front-matter path.
      const base = path.posix.basename(held.publicPath);
      const extension = path.posix.extname(base).toLowerCase();
      const safe = slugify(base.slice(0, base.length - extension.length)) || "image";
      let name = `${safe}${extension}`;
      for (let n = 2; taken.has(name); n++) name = `${safe}-${n}${extension}`;
      taken.add(name);
      placed = path.posix.join(folder, name);
      this.#placed.set(hash, placed);
      this.copies.set(placed, held.absPath);
    }
    const relative = path.posix.relative(path.posix.dirname(planned.file), placed);
    return relative.startsWith("../") ? relative : `./${relative}`;
  }

  /** Copies a linked file into `public/` for a story that is published; undefined for a draft. */
  #publicCopy(planned: PlannedStory, held: HeldFile): string | undefined {
    if (planned.normalized.draft) return undefined;
    this.copies.set(`public${held.publicPath}`, held.absPath);
    return encodeURI(held.publicPath);
  }

  #isImage(file: HeldFile): Promise<boolean> {
    let result = this.#images.get(file.absPath);
    if (!result) {
      result = checkImageFile(file.absPath);
      this.#images.set(file.absPath, result);
    }
    return result;
  }
}

/** Alt text from a file name, for an image that had none: `harbour-at-dawn-1.jpg` -> "harbour at dawn 1". */
function fallbackAlt(src: string): string {
  const base = path.posix.basename(src.replace(/[?#].*$/, "")).replace(/\.[a-z0-9]+$/i, "");
  const words = base
    .replace(/-\d+x\d+$/, "")
    .replace(/[-_+.]+/g, " ")
    .trim();
  return words || "Image";
}
