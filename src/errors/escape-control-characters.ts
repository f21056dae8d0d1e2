/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts the sequences that
 * clear the screen, retitle the window or hide text; BEL, backspace and carriage return rewrite
 * what is shown), DEL, C1 controls (U+009B is a one-character CSI in many terminals), and the
 * Unicode bidirectional overrides that make a line read differently from its bytes. Tab stays.
 */
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from content, file names or the command line made safe to print: every control character
 * becomes a visible escape (`\x1B`, `\n`, `\u202E`), so a value can neither drive the reader's
 * terminal nor fake a line of output. One line in, one line out; for several lines, see
 * {@link escapeControlLines}. Every message Newsdeck prints goes through this or the
 * diagnostic formatter, which uses it.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(unsafe, escapeOne);
}

/** {@link escapeControlCharacters} line by line: the line breaks themselves are kept. */
export function escapeControlLines(text: string): string {
  return text.split(/\r?\n/).map(escapeControlCharacters).join("\n");
}

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  switch (code) {
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    default:
      return code <= 0xff
        ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`
        : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
}
