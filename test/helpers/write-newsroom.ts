import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "./build-site.js";

const sections = ["city", "sport", "science"] as const;
const tags = ["Harbour", "Transport", "Schools", "Weather", "Budget", "Rowing", "Clinics"] as const;
const authors = ["Naledi Khoza", "Piet Marais", "Farah Osman", "Tomás Reyes"] as const;
const places = ["Quayside", "Northfield", "Old Mill", "Saltpans"] as const;

/** The build time a written newsroom is meant to be built at: every story is published then. */
export const newsroomNow = Date.parse("2026-11-28T10:00:00Z");

/**
 * The path (relative to the site root) of story `n` (1-based) of a newsroom written by
 * {@link writeNewsroom}.
 */
export function newsroomStory(n: number): string {
  return `content/articles/2026/${String(1 + (n % 11)).padStart(2, "0")}/story-${n}.md`;
}

/**
 * Writes a newsroom of `articles` stories into `root`, the same bytes every time: three
 * sections, seven tags, four authors (one with a bio), a static page, hero images on every
 * tenth story, aliases on some, a draft and an embargoed story, `public/` files, and the default
 * theme's footer partial copied into the site's own templates (so an edit to it reaches every
 * page). Large enough for a build to take a while, unlike the fixture sites.
 */
export async function writeNewsroom(root: string, articles: number): Promise<void> {
  const write = async (rel: string, text: string | Uint8Array) => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  await write(
    "newsdeck.config.mjs",
    `export default {
  site: { title: "The Quayside Courier", url: "https://courier.example.org", timezone: "Africa/Johannesburg" },
  sections: { city: { title: "City" }, sport: { title: "Sport" }, science: { title: "Science" } },
  pagination: { perPage: 10 },
  home: { latest: 8, perSection: 3 },
  feeds: { items: 20 },
};\n`,
  );
  await write(".gitignore", "dist/\n.newsdeck-cache/\n");
  await write(
    "content/pages/about.md",
    "---\ntitle: About the Courier\n---\nA newsroom test site.\n",
  );
  await write(
    "content/authors/naledi-khoza.md",
    "---\nname: Naledi Khoza\nrole: Harbour reporter\n---\nNaledi covers the waterfront.\n",
  );
  await write("public/robots.txt", "User-agent: *\nAllow: /\n");
  await mkdir(path.join(root, "public", "images"), { recursive: true });
  await copyFile(
    path.join(repoRoot, "test/fixtures/newsroom-listings/content/articles/2026/11/swimmers.png"),
    path.join(root, "public", "images", "quay.png"),
  );
  await mkdir(path.join(root, "templates", "partials"), { recursive: true });
  await copyFile(
    path.join(repoRoot, "templates", "partials", "site-footer.eta"),
    path.join(root, "templates", "partials", "site-footer.eta"),
  );
  for (let n = 1; n <= articles; n++) await write(newsroomStory(n), storyText(n));
}

/** The text of story `n`: its date falls in month `1 + n % 11` of 2026, so months fill evenly. */
function storyText(n: number): string {
  const month = 1 + (n % 11);
  const day = 1 + (n % 27);
  const hour = n % 24;
  // Every fiftieth story, from the 49th, is embargoed until after the build time.
  const date =
    n % 50 === 49
      ? "2026-12-24T08:00:00Z"
      : `2026-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(n % 60)}:00Z`;
  const fields = [
    `title: ${JSON.stringify(`${places[n % places.length]} story number ${n}`)}`,
    `date: ${date}`,
    `section: ${sections[n % sections.length]}`,
    `tags: ${JSON.stringify([tags[n % tags.length], tags[(n * 3) % tags.length]].filter((t, i, a) => a.indexOf(t) === i))}`,
  ];
  if (n % 3 !== 0) fields.push(`authors: ${JSON.stringify([authors[n % authors.length]])}`);
  if (n % 10 === 0) fields.push("image:\n  src: /images/quay.png\n  alt: Boats at the quay");
  if (n % 17 === 0) fields.push(`aliases: ["/archive/${n}/"]`);
  if (n % 50 === 25) fields.push("draft: true");
  const body = [
    `Reporting from ${places[(n + 1) % places.length]}, story ${n} begins with a short paragraph.`,
    "",
    `The council said the "plan" would be reviewed; residents of ward ${n % 13} were not convinced.`,
    "",
    `- first point of story ${n}`,
    `- second point, with a [link to the city desk](/city/)`,
    "",
    `## What happens next`,
    "",
    `A closing paragraph for story ${n}, long enough to have a summary worth the name.`,
  ];
  return `---\n${fields.join("\n")}\n---\n${body.join("\n")}\n`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
