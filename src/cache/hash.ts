import { createHash } from "node:crypto";

/** SHA-256 hex of the JSON of `parts`: the one way cache keys are made. */
export function hashKey(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** SHA-256 hex of text or bytes. */
export function hashBytes(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
