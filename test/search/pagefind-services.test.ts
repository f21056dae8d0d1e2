import { describe, expect, it } from "vitest";
import { holdPagefind, indexBucket, withPagefind } from "../../src/search/index-bucket.js";

const record = (n: number) => ({
  url: `/news/story-${n}/`,
  content: `Story ${n} about the harbour ferry and the council budget.`,
  language: "en",
  meta: { title: `Story ${n}`, kind: "article" },
  filters: {},
  sort: {},
});

describe("Pagefind's services", () => {
  it("give indexes made at once a service each, with the same files as one after the other", async () => {
    const records = Array.from({ length: 40 }, (_, n) => record(n));
    const options = { language: "en", primary: false };
    const seen: unknown[] = [];
    const [first, second] = await holdPagefind(() =>
      Promise.all(
        [records.slice(0, 20), records.slice(20)].map((part) =>
          withPagefind(async (pagefind) => {
            seen.push(pagefind);
            return indexBucket(pagefind, part, options);
          }),
        ),
      ),
    );
    // Two at once: two services, each a process of its own.
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    // One after the other, on one service: the same bytes.
    const again = await withPagefind(async (pagefind) => [
      await indexBucket(pagefind, records.slice(0, 20), options),
      await indexBucket(pagefind, records.slice(20), options),
    ]);
    const bytes = (files: { path: string; content: Uint8Array }[] | undefined) =>
      (files ?? []).map((file) => [file.path, Buffer.from(file.content).toString("base64")]);
    expect(bytes(first)).toEqual(bytes(again[0]));
    expect(bytes(second)).toEqual(bytes(again[1]));
    expect(bytes(first)).not.toEqual(bytes(second));
  });
});
