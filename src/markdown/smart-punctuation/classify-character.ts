/** A character class of the natural-language tokenizer: how a UTF-16 code unit starts a token. */
export const whiteSpaceKind = 0;
export const punctuationKind = 1;
export const symbolKind = 2;
export const wordKind = 3;

const whiteSpace = /\p{White_Space}/u;
const punctuation = /\p{P}/u;
// Punctuation by Unicode's categories that parse-latin (retext's tokenizer) counts as symbols.
const punctuationAsSymbol = new Set([
  "#",
  "%",
  "&",
  "*",
  "@",
  "\u2020",
  "\u2021",
  "\u2030",
  "\u2031",
  "\u203B",
]);
const word = /[\p{L}\p{M}\p{N}]/u;

/** Kinds of the code units seen so far, plus one (0: not classified yet). */
const kinds = new Uint8Array(0x10000);

/**
 * The class of one UTF-16 code unit, as parse-latin gives it: white space, punctuation, a word
 * character (letters, marks, numbers) or anything else, a symbol. Each half of a surrogate pair is
 * a symbol on its own, as parse-latin reads text one code unit at a time.
 */
export function classifyCharacter(code: number): number {
  const known = kinds[code] as number;
  if (known !== 0) return known - 1;
  const character = String.fromCharCode(code);
  let kind: number;
  if (code >= 0xd800 && code <= 0xdfff) kind = symbolKind;
  else if (whiteSpace.test(character)) kind = whiteSpaceKind;
  else if (punctuation.test(character)) {
    kind = punctuationAsSymbol.has(character) ? symbolKind : punctuationKind;
  } else if (word.test(character)) kind = wordKind;
  else kind = symbolKind;
  kinds[code] = kind + 1;
  return kind;
}
