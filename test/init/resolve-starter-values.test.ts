import { describe, expect, it } from "vitest";
import { fillPlaceholders } from "../../src/init/fill-placeholders.js";
import { resolveStarterValues } from "../../src/init/resolve-starter-values.js";

const context = {
  target: "/sites/the_quay-courier",
  now: Date.parse("2026-06-30T22:15:42Z"),
  version: "9.8.7",
  node: ">=20.18.1",
};

describe("the starter's values", () => {
  it("default to the folder's name, example.org, English and the machine's time zone", () => {
    const resolved = resolveStarterValues(
      {},
      { ...context, machineTimeZone: "Africa/Johannesburg" },
    );
    expect(resolved).toEqual({
      values: {
        title: "The Quay Courier",
        url: "https://example.org",
        language: "en",
        timezone: "Africa/Johannesburg",
        // 22:15 UTC is 00:15 the next day in Johannesburg; seconds are dropped.
        date: "2026-07-01T00:15:00+02:00",
        yyyy: "2026",
        mm: "07",
        packageName: "the-quay-courier",
        version: "9.8.7",
        node: ">=20.18.1",
      },
    });
  });

  it("fall back to UTC when the machine's time zone is unknown", () => {
    const resolved = resolveStarterValues({}, context);
    expect("values" in resolved && resolved.values.timezone).toBe("UTC");
  });
});

describe("placeholders in starter files", () => {
  const values = { title: 'A "quoted" \\ title' };

  it("are escaped inside the strings of code and data files, and left as written elsewhere", () => {
    expect(fillPlaceholders('title: "{{title}}",', values, "newsdeck.config.ts")).toBe(
      'title: "A \\"quoted\\" \\\\ title",',
    );
    expect(fillPlaceholders("# {{title}}", values, "README.md")).toBe('# A "quoted" \\ title');
    // GitHub's own expressions have spaces inside the braces and are not placeholders.
    const expression = "key: $" + "{{ github.run_id }}";
    expect(fillPlaceholders(expression, values, "publish.yml")).toBe(expression);
  });

  it("without a value are a mistake in the starter, reported with the file", () => {
    expect(() => fillPlaceholders("{{titel}}", values, "README.md")).toThrow(
      "README.md: no value for placeholder {{titel}}",
    );
  });
});
