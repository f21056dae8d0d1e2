import { isUtf8 } from "node:buffer";
import { createDiagnostic, type Diagnostic } from "../errors/diagnostic.js";
import { createCodeFrame } from "../errors/format-diagnostic.js";

/**
 * The text of a content file, or a located `EncodingInvalid` error when its bytes are not UTF-8
 * (a byte order mark is fine: front matter parsing skips it). Decoding leniently would publish
 * each Latin-1 `é` as `�` without a word; the error names the byte offset, line and column of
 * the first byte that is not part of a valid character.
 */
export function decodeUtf8(bytes: Buffer, file: string): string | Diagnostic {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  const offset = firstInvalidByte(bytes);
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Characters before it on its line (all valid), so the column counts as editors do.
  const column = bytes.subarray(lineStart, offset).toString("utf8").length + 1;
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
  return createDiagnostic(
    "EncodingInvalid",
    `the file is not valid UTF-8: byte ${byte} at byte offset ${offset} (line ${line}, column ${column}) is not part of a UTF-8 character`,
    {
      file,
      line,
      column,
      phase: "load",
      hint: "save the file as UTF-8 (a Latin-1 or Windows-1252 é is the single byte 0xE9); in most editors: Save with Encoding > UTF-8",
      frame: createCodeFrame(bytes.toString("utf8"), line, column),
    },
  );
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or the length when there is none.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      // Only the second byte has the narrower range; later ones are any continuation byte.
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}
