import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { renderErrorOverlay } from "../../src/dev/error-overlay.js";
import { injectClient } from "../../src/dev/inject-client.js";
import { createDiagnostic } from "../../src/errors/diagnostic.js";
import { createCodeFrame } from "../../src/errors/format-diagnostic.js";

const source = '---\ntitle: "</pre><script>alert(1)</script>"\ndate: 26 May\n---\nBody\n';

describe("the error overlay", () => {
  it("shows each error as the terminal does: place, field, message, hint, code frame, all escaped", () => {
    const html = renderErrorOverlay({
      kind: "errors",
      diagnostics: [
        createDiagnostic("DateInvalid", '"26 May" is not an ISO 8601 date', {
          file: "content/articles/x.md",
          line: 3,
          column: 7,
          field: "date",
          hint: "2026-05-26",
          frame: createCodeFrame(source, 3, 7),
        }),
        createDiagnostic("FieldUnknown", "unknown field <tittle>", {
          file: "content/articles/y.md",
          line: 2,
        }),
      ],
    });
    const $ = cheerio.load(html);
    const items = $("#newsdeck-error-overlay li");
    expect(items).toHaveLength(2);
    expect(items.eq(0).find("pre").first().text()).toBe(
      'content/articles/x.md:3:7  date  "26 May" is not an ISO 8601 date (hint: 2026-05-26)  [DateInvalid]',
    );
    expect(items.eq(0).find("pre").eq(1).text()).toContain(
      'title: "</pre><script>alert(1)</script>"',
    );
    expect(items.eq(0).find("pre").eq(1).text()).toContain("> 3 | date: 26 May");
    expect($("script")).toHaveLength(0);
    expect(items.eq(1).text()).toContain("unknown field <tittle>");
    expect($("h2").text()).toBe("The build failed with 2 errors");
  });

  it("shows a crash with its message and stack, escaped", () => {
    const html = renderErrorOverlay({ kind: "crash", error: new Error("<b>boom</b>") });
    const $ = cheerio.load(html);
    expect($("h2").text()).toBe("The build crashed");
    expect($("pre").first().text()).toBe("Error: <b>boom</b>");
    expect($("b")).toHaveLength(0);
  });
});

describe("injecting the live-reload client", () => {
  const page = { session: "s1", generation: 3, status: 200 };

  it("puts the client (and the overlay, when there is one) just before </body>", () => {
    const html = injectClient("<html><body><p>Story</p></body></html>", {
      ...page,
      overlay: '<div id="newsdeck-error-overlay"></div>',
    });
    expect(html).toBe(
      '<html><body><p>Story</p><div id="newsdeck-error-overlay"></div><script src="/__newsdeck/client.js" data-session="s1" data-generation="3" data-status="200" defer></script></body></html>',
    );
  });

  it("appends it to pages without a closing body tag", () => {
    const html = injectClient("<!doctype html><p>Minified", page);
    const $ = cheerio.load(html);
    expect($('script[src="/__newsdeck/client.js"]').attr("data-generation")).toBe("3");
    expect(html.startsWith("<!doctype html><p>Minified")).toBe(true);
  });
});
