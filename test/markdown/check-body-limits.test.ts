import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/config-schema.js";
import { defaultBodyLimits } from "../../src/markdown/body-limits.js";
import { checkBodyLimits } from "../../src/markdown/check-body-limits.js";

const limits = defaultBodyLimits;
const nested = (levels: number, indent: string) =>
  Array.from({ length: levels }, (_, level) => `${indent.repeat(level)}- level ${level + 1}`).join(
    "\n",
  );

describe("limits on a body before it is parsed", () => {
  it("has documented defaults, which the config can change under limits.body", () => {
    const config = configSchema.parse({});
    expect(config.limits.body).toEqual({
      bytes: 1_000_000,
      nesting: 100,
      renderMs: 10_000,
      blocks: 500,
    });
    expect(configSchema.parse({ limits: { body: { nesting: 20 } } }).limits.body.nesting).toBe(20);
    expect(configSchema.safeParse({ limits: { body: { depth: 20 } } }).success).toBe(false);
  });

  it("refuses a body over the size limit, counted in UTF-8 bytes", () => {
    expect(checkBodyLimits("é".repeat(600_000), limits)).toMatchObject({
      code: "MarkdownTooLarge",
      line: 1,
    });
    expect(checkBodyLimits("e".repeat(600_000), limits)).toBeUndefined();
  });

  it("names the first line of a list nested deeper than the limit", () => {
    expect(checkBodyLimits(nested(150, "  "), limits)).toMatchObject({
      code: "MarkdownTooDeep",
      line: 101,
    });
    expect(checkBodyLimits(nested(100, "  "), limits)).toBeUndefined();
    // Four-space indentation is as deep as two-space indentation, not twice as deep.
    expect(checkBodyLimits(nested(90, "    "), limits)).toBeUndefined();
  });

  it("counts block quote and list markers on one line, in any mix", () => {
    expect(checkBodyLimits(`${"> - ".repeat(51)}x`, limits)).toMatchObject({
      code: "MarkdownTooDeep",
      line: 1,
      message: expect.stringContaining("nested 102 deep"),
    });
    expect(checkBodyLimits(`${"1. ".repeat(50)}x`, limits)).toBeUndefined();
  });

  it("does not count thematic breaks or fenced code", () => {
    expect(checkBodyLimits("* ".repeat(500), limits)).toBeUndefined();
    expect(checkBodyLimits("- ".repeat(20_000), limits)).toBeUndefined();
    const code = `\`\`\`\n${"> ".repeat(300)}\n${" ".repeat(400)}x\n\`\`\`\nAfter.`;
    expect(checkBodyLimits(code, limits)).toBeUndefined();
  });

  it("scans a megabyte of markers in linear time", () => {
    const started = performance.now();
    expect(checkBodyLimits(`${"- ".repeat(450_000)}x`, limits)?.code).toBe("MarkdownTooDeep");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
