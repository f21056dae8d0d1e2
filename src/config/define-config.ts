import type { UserConfig } from "./config-schema.js";

/**
 * Types a Newsdeck config. It adds nothing at run time: a `.mjs` config exporting a plain
 * object works the same.
 */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
