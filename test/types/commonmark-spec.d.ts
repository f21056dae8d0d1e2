/** The CommonMark spec's examples, as the spec's own npm package ships them (CommonJS). */
declare module "commonmark-spec" {
  /** One example: its Markdown, the reference HTML, its section and number in the spec. */
  export interface SpecExample {
    readonly markdown: string;
    readonly html: string;
    readonly section: string;
    readonly number: number;
  }
  const spec: { readonly text: string; readonly tests: readonly SpecExample[] };
  export default spec;
}
