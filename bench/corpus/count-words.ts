/**
 * Counts the words a reader sees in a piece of Markdown: whitespace-separated tokens that contain
 * a letter or a digit. Markup tokens (`##`, `-`, `>`, table pipes, `--`) have neither and are not
 * counted, and a link such as `[full report](https://...)` counts as its two visible words because
 * the URL is glued to the last word of the link text.
 */
export function countWords(markdown: string): number {
  // A character loop rather than split + regex: the generator counts every sentence it writes,
  // and at 100,000 articles the regex version was a large share of the run time.
  let count = 0;
  let tokenHasWord = false;
  for (let index = 0; index < markdown.length; index += 1) {
    const code = markdown.charCodeAt(index);
    if (code === 32 || code === 10 || code === 9 || code === 13) {
      if (tokenHasWord) {
        count += 1;
      }
      tokenHasWord = false;
    } else if (!tokenHasWord && isWordCharacter(code)) {
      tokenHasWord = true;
    }
  }
  return tokenHasWord ? count + 1 : count;
}

function isWordCharacter(code: number): boolean {
  const isAsciiDigit = code >= 48 && code <= 57;
  const isAsciiLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  if (isAsciiDigit || isAsciiLetter || code < 128) {
    return isAsciiDigit || isAsciiLetter;
  }
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}
