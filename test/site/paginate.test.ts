import { describe, expect, it } from "vitest";
import { paginate } from "../../src/site/paginate.js";

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("paginate", () => {
  it.each([
    [0, [[]]],
    [1, [[1]]],
    [3, [[1, 2, 3]]],
    [4, [[1, 2, 3], [4]]],
    [7, [[1, 2, 3], [4, 5, 6], [7]]],
  ])("splits %i items into pages of 3 with no empty trailing page", (count, expected) => {
    expect(paginate(items(count), 3, "/city/").map((page) => page.items)).toEqual(expected);
  });

  it("puts page 1 at the listing's URL and links each page to its neighbours", () => {
    expect(
      paginate(items(5), 2, "/city/").map(({ url, prevUrl, nextUrl, pageNumber, totalPages }) => ({
        url,
        prevUrl,
        nextUrl,
        pageNumber,
        totalPages,
      })),
    ).toEqual([
      { url: "/city/", prevUrl: undefined, nextUrl: "/city/page/2/", pageNumber: 1, totalPages: 3 },
      {
        url: "/city/page/2/",
        prevUrl: "/city/",
        nextUrl: "/city/page/3/",
        pageNumber: 2,
        totalPages: 3,
      },
      {
        url: "/city/page/3/",
        prevUrl: "/city/page/2/",
        nextUrl: undefined,
        pageNumber: 3,
        totalPages: 3,
      },
    ]);
  });

  it("keeps later pages in their own folder when the listing URL has no trailing slash", () => {
    expect(paginate(items(3), 2, "/topics/city").map((page) => page.url)).toEqual([
      "/topics/city",
      "/topics/city/page/2/",
    ]);
  });
});
