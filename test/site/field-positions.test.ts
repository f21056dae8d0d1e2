import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packPositions, positionOf } from "../../src/site/model.js";

describe("packed field positions", () => {
  it("give back every packed field's position, and nothing for others", () => {
    const packed = packPositions([
      ["title", { line: 2, column: 8 }],
      ["tags", { line: 5, column: 7 }],
      ["tags.1", { line: 6, column: 5 }],
      ["tags.10", { line: 15, column: 5 }],
      ["image.src", { line: 9, column: 8 }],
    ]);
    expect(positionOf(packed, "title")).toEqual({ line: 2, column: 8 });
    expect(positionOf(packed, "tags.1")).toEqual({ line: 6, column: 5 });
    expect(positionOf(packed, "tags.10")).toEqual({ line: 15, column: 5 });
    expect(positionOf(packed, "image.src")).toEqual({ line: 9, column: 8 });
    expect(positionOf(packed, "image")).toBeUndefined();
    expect(positionOf(packed, "tags.0")).toBeUndefined();
    expect(positionOf(packed, "itle")).toBeUndefined();
    expect(positionOf(undefined, "title")).toBeUndefined();
  });

  it("round-trip any set of dotted field names", () => {
    const field = fc.stringMatching(/^[a-z]{1,8}(\.\d{1,2})?$/);
    const position = fc.record({
      line: fc.integer({ min: 1, max: 10_000 }),
      column: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(fc.dictionary(field, position), (positions) => {
        const packed = packPositions(Object.entries(positions));
        for (const [name, at] of Object.entries(positions))
          expect(positionOf(packed, name)).toEqual(at);
      }),
    );
  });
});
