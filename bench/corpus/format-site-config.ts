import type { CorpusSection } from "./word-banks.js";

/** The site timezone; article dates and URL dates are computed in it. */
export const siteTimeZone = "Africa/Johannesburg";

/**
 * Writes `newsdeck.config.mjs` for the corpus: a plain exported object, which the contract says
 * works the same as one wrapped in `defineConfig`, so the corpus does not import Newsdeck itself.
 */
export function formatSiteConfig(sections: readonly CorpusSection[], header: string): string {
  const config = {
    site: {
      title: "The Bench Herald",
      url: "https://bench.example.org",
      language: "en-ZA",
      timezone: siteTimeZone,
    },
    sections: Object.fromEntries(sections.map((section) => [section.id, { title: section.title }])),
    disclaimers: [{ tags: ["COVID-19"], partial: "covid-19", comments: "disabled" }],
    donate: { url: "https://bench.example.org/support", label: "Support The Bench Herald" },
    pagination: { perPage: 20 },
  };
  return `// ${header}\nexport default ${JSON.stringify(config, null, 2)};\n`;
}
