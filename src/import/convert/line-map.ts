/**
 * Maps lines of converted text back to the lines they came from, so that a note found after a
 * conversion (an image resolved in Markdown that a shortcode wrote) points into the source
 * file. Built from the replacements a conversion made, in text order.
 */
export class LineMap {
  /** [first converted line after a replacement, how many lines to add to reach the source]. */
  readonly #shifts: [number, number][] = [];

  /**
   * Records that text spanning `sourceLines` lines in the source, starting on converted line
   * `convertedLine`, became text spanning `convertedLines` lines.
   */
  replaced(convertedLine: number, sourceLines: number, convertedLines: number): void {
    if (sourceLines === convertedLines) return;
    const previous = this.#shifts.at(-1)?.[1] ?? 0;
    this.#shifts.push([convertedLine + convertedLines, previous + sourceLines - convertedLines]);
  }

  /** The source line of a converted line (both 1-based, relative to the same start). */
  sourceLine(convertedLine: number): number {
    let shift = 0;
    for (const [from, delta] of this.#shifts) {
      if (convertedLine < from) break;
      shift = delta;
    }
    return convertedLine + shift;
  }
}

/**
 * `String.replace` with an async replacer, recording in a {@link LineMap} how each replacement
 * changed the line count. The replacer gets the match and the 1-based source line it starts on.
 */
export async function replaceTracked(
  text: string,
  pattern: RegExp,
  replacer: (match: RegExpExecArray, line: number) => Promise<string> | string,
  lines: LineMap = new LineMap(),
): Promise<{ text: string; lines: LineMap }> {
  let output = "";
  let last = 0;
  let sourceLine = 1;
  let convertedLine = 1;
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
  );
  for (let match = global.exec(text); match; match = global.exec(text)) {
    const before = text.slice(last, match.index);
    const beforeLines = countNewlines(before);
    sourceLine += beforeLines;
    convertedLine += beforeLines;
    const replacement = await replacer(match, sourceLine);
    const sourceSpan = countNewlines(match[0]);
    const convertedSpan = countNewlines(replacement);
    lines.replaced(convertedLine, sourceSpan, convertedSpan);
    sourceLine += sourceSpan;
    convertedLine += convertedSpan;
    output += before + replacement;
    last = match.index + match[0].length;
    if (match[0].length === 0) global.lastIndex++;
  }
  return { text: output + text.slice(last), lines };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
