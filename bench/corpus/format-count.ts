/** Formats an integer with thousands separators, as a newsroom prints counts: `12,345`. */
export function formatCount(value: number): string {
  // A regex rather than toLocaleString, so the output cannot depend on the machine's ICU data.
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
