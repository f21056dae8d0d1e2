import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { UserConfig } from "../../config/config-schema.js";
import { compareText } from "../../errors/diagnostic.js";
import { collectEvery } from "../../memory/collect-garbage.js";
import { slugify, slugifyTerm } from "../../site/slugify.js";
import { formatIsoInZone } from "../../site/time.js";
import { resolveInside } from "../../write/resolve-inside.js";
import type { ImportNotes } from "../import-notes.js";
import type { PlannedStory, SitePlan } from "../plan/plan-site.js";
import type { SourceArchive } from "../source-archive.js";
import { LimitsNeeded } from "./fit-limits.js";
import type { ImportContext } from "./import-context.js";
import { renderContentFile } from "./render-content-file.js";
import type { ImportCounts } from "./render-import-report.js";
import { renderSiteConfig } from "./render-site-config.js";

/** What the site folder is given besides the plan. */
export interface WriteSiteOptions {
  readonly dir: string;
  readonly archive: SourceArchive;
  readonly plan: SitePlan;
  readonly context: ImportContext;
  /** `site` of the config, timezone included. */
  readonly site: NonNullable<UserConfig["site"]> & { readonly timezone: string };
  /** Where the archive came from, for the config's first comment. */
  readonly origin: string;
  readonly notes: ImportNotes;
}

/**
 * Writes the new site into `dir`, one story at a time (its body converted, then released):
 * `content/articles/`, `content/pages/`, `content/authors/`, the files stories use under
 * `public/`, `newsdeck.config.ts` and a `.gitignore`. A story whose body cannot be converted is
 * left out and reported as unreadable. Returns the figures for the report.
 */
export async function writeSite(options: WriteSiteOptions): Promise<ImportCounts> {
  const { dir, archive, plan, context, notes } = options;
  const timeZone = options.site.timezone;
  let articles = 0;
  let drafts = 0;
  let pages = 0;
  let redirects = 0;
  const collect = collectEvery(5000);
  const limits = new LimitsNeeded();
  for (const planned of plan.stories) {
    collect();
    const story = planned.normalized.story;
    let rendered: RenderedStory;
    try {
      rendered = await renderStory(planned, archive, context, timeZone);
    } catch (error) {
      notes.add(
        "FileUnreadable",
        story.file,
        story.line,
        `the story could not be converted: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    // The body as the build will read it: everything after the front matter's closing line.
    limits.check(
      rendered.fields,
      rendered.text.slice(rendered.text.indexOf("\n---\n") + 5),
      story,
      notes,
    );
    await writeInside(dir, planned.file, rendered.text);
    if (planned.kind === "page") pages++;
    else {
      articles++;
      if (planned.normalized.draft) drafts++;
      redirects += planned.aliases.length;
    }
  }

  let authors = 0;
  for (const author of plan.authors) {
    const slug = slugify(author.name);
    if (!slug || slug !== slugifyTerm(author.name)) continue;
    const fields = { name: author.name, url: author.url };
    await writeInside(
      dir,
      `content/authors/${slug}.md`,
      renderContentFile(fields, [], "", author.bio ?? ""),
    );
    authors++;
  }

  const taken = plan.claims.outputPaths();
  const copies = new Map(context.copies);
  for (const file of archive.publicFiles) {
    // A file stories show as an image was copied beside them: published only with them.
    if (context.storyImageSources.has(file.absPath)) continue;
    const target = `public${file.publicPath}`;
    if (!copies.has(target)) copies.set(target, file.absPath);
  }
  let files = 0;
  for (const [relative, absPath] of [...copies].sort((a, b) => compareText(a[0], b[0]))) {
    const outputPath = relative.startsWith("public/")
      ? relative.slice("public/".length)
      : undefined;
    // The build appends public/_headers to its own and keeps public/robots.txt instead of its
    // own; any other generated path is the build's.
    if (outputPath !== undefined && !siteOwned.has(outputPath) && taken.has(outputPath)) {
      notes.add(
        "FileNotCopied",
        relative,
        0,
        "the file would overwrite a page the new site generates and was not copied",
      );
      continue;
    }
    const target = resolveInside(dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(absPath, target);
    files++;
  }

  const embedHosts = [...context.embedHosts].sort(compareText);
  const config: UserConfig = {
    site: options.site,
    ...(plan.sections.length
      ? {
          sections: Object.fromEntries(
            plan.sections.map((section) => [
              section.id,
              { title: section.title, description: section.description },
            ]),
          ),
        }
      : {}),
    ...(embedHosts.length ? { embeds: { allow: embedHosts } } : {}),
    ...(limits.config() ? { limits: limits.config() } : {}),
  };
  await writeInside(dir, "newsdeck.config.ts", renderSiteConfig(config, options.origin));
  await writeInside(dir, ".gitignore", "dist/\n.newsdeck-cache/\nnode_modules/\n");

  return {
    articles,
    drafts,
    pages,
    authors,
    sections: plan.sections.map((section) => section.id),
    files,
    redirects,
    source: archive.counts,
    embedHosts,
  };
}

/** Generated files a site may provide itself in `public/`. */
const siteOwned = new Set(["_headers", "robots.txt"]);

/** One story's file: front matter in the contract's order, then the converted body. */
interface RenderedStory {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly text: string;
}

async function renderStory(
  planned: PlannedStory,
  archive: SourceArchive,
  context: ImportContext,
  timeZone: string,
): Promise<RenderedStory> {
  const { normalized } = planned;
  const story = normalized.story;
  const body = await archive.convertBody(context.for(planned));
  const kept = [...story.extra, ...normalized.dropped];
  const heading = `Imported from ${archive.generator}; Newsdeck has no field for these (see import-report.md):`;
  if (planned.kind === "page") {
    const fields = {
      title: normalized.title,
      summary: normalized.summary,
      updated:
        normalized.updated === undefined
          ? undefined
          : formatIsoInZone(normalized.updated, timeZone),
      draft: normalized.draft ? true : undefined,
    };
    return { fields, text: renderContentFile(fields, kept, heading, body) };
  }
  const hero = story.image ? await context.hero(planned, story.image) : undefined;
  const fields = {
    title: normalized.title,
    date: formatIsoInZone(normalized.date, timeZone),
    section: normalized.section,
    tags: normalized.tags.length ? normalized.tags : undefined,
    authors: normalized.authors.length ? normalized.authors : undefined,
    summary: normalized.summary,
    image: hero && {
      src: hero.src,
      alt: hero.alt,
      ...(hero.caption ? { caption: hero.caption } : {}),
      ...(hero.credit ? { credit: hero.credit } : {}),
    },
    updated:
      normalized.updated === undefined ? undefined : formatIsoInZone(normalized.updated, timeZone),
    comments: normalized.comments,
    draft: normalized.draft ? true : undefined,
    expires:
      normalized.expires === undefined ? undefined : formatIsoInZone(normalized.expires, timeZone),
    aliases: planned.aliases.length ? planned.aliases : undefined,
    slug: planned.writeSlug ? planned.slug : undefined,
  };
  return { fields, text: renderContentFile(fields, kept, heading, body) };
}

async function writeInside(dir: string, relative: string, text: string): Promise<void> {
  const target = resolveInside(dir, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}
