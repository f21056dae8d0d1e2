import type { UserConfig } from "../../config/config-schema.js";

/**
 * `newsdeck.config.ts` for an imported site: the config object written out as TypeScript,
 * keys in the order given, with a first comment saying where it came from.
 */
export function renderSiteConfig(config: UserConfig, origin: string): string {
  return `import { defineConfig } from "newsdeck";

// Written by \`newsdeck import\` from ${origin}; see import-report.md.
export default defineConfig(${literal(config, "")});
`;
}

function literal(value: unknown, indent: string): string {
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, indent)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, v]) => `${inner}${propertyName(key)}: ${literal(v, inner)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
