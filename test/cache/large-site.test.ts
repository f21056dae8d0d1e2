import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { tempFolders } from "../helpers/temp-folders.js";
import { expectSameAsClean } from "./expect-same-as-clean.js";
import { type NewsroomEdit, NewsroomUnderEdit } from "./newsroom-under-edit.js";

/**
 * The edits of a day at a newsroom with an archive of 1,200 stories, in groups: each group is
 * built incrementally edit by edit, and its last build is compared with a clean build. Positions
 * are spread over the whole archive, so edits reach old stories deep in the listings as well as
 * the newest (an edited date there shifts every later page of its listings).
 */
const day: NewsroomEdit[][] = [
  [
    { kind: "title", which: 611, text: "A headline rewritten" },
    { kind: "date", which: 1033, days: -5 },
  ],
  [
    { kind: "add", tag: 1, section: 2, at: -3 },
    { kind: "remove", which: 902 },
    { kind: "retag", which: 451, tag: 3 },
  ],
  [
    { kind: "renameAuthor", from: 1, to: "Dumi Nkosi" },
    { kind: "body", which: 1150 },
    { kind: "draft", which: 77 },
  ],
  [
    { kind: "renameTag", from: 2, to: "Power" },
    { kind: "disclaimer" },
    { kind: "clock", hours: 30 },
  ],
];

describe("incremental builds of a 1,200-story archive", { timeout: 900_000 }, () => {
  const temp = tempFolders("all");

  it("give the same files as a clean build after a day of edits across the archive", async () => {
    const site = new NewsroomUnderEdit(await temp("newsdeck-large-"));
    await site.init(1200);
    const outDir = path.join(site.root, "dist");
    const first = await build({ root: site.root, outDir, now: site.now });
    expect(first.exitCode).toBe(0);
    expect(first.pages).toBeGreaterThan(1200);
    for (const group of day) {
      for (const edit of group.slice(0, -1)) {
        await site.apply(edit);
        const result = await build({ root: site.root, outDir, now: site.now });
        expect({ edit, exit: result.exitCode }).toEqual({ edit, exit: 0 });
        // Incremental: an edit of one story renders a small part of the site.
        if (edit.kind === "title" || edit.kind === "body")
          expect(result.rendered).toBeLessThan(first.rendered / 4);
      }
      const last = group[group.length - 1] as NewsroomEdit;
      await site.apply(last);
      await expectSameAsClean(site.root, outDir, site.now, temp, group);
    }
  });
});
