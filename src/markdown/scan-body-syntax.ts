/** Which costly constructs a body can use at all, as a scan of its characters tells. */
export interface BodySyntax {
  /** An email autolink literal needs an `@`. */
  readonly emailAutolinks: boolean;
  /** A table needs a `|` or, in a one-column table without pipes, an aligned `:-` or `-:`. */
  readonly tables: boolean;
  /** A story block (`::name` or `:::name`) needs two colons in a row. */
  readonly directives: boolean;
}

/** Every construct: for callers that cannot scan first (the summary of a body, tests). */
export const fullSyntax: BodySyntax = { emailAutolinks: true, tables: true, directives: true };

/** Scans a body for the characters each construct cannot do without. */
export function scanBodySyntax(body: string): BodySyntax {
  return {
    emailAutolinks: body.includes("@"),
    tables: body.includes("|") || body.includes(":-") || body.includes("-:"),
    directives: body.includes("::"),
  };
}
