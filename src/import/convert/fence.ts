/** A fenced code block whose fence is longer than any run of backticks in the code. */
export function fence(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${language}\n${code.replace(/^\n+|\s+$/g, "")}\n${marks}`;
}
