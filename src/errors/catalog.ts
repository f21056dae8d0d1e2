/**
 * The error catalog: every diagnostic Newsdeck can report, under a permanent name.
 *
 * Names never change once released (CI scripts and editors match on them). Each entry
 * says what kind of problem it is and its default severity, and may say in general what to do;
 * the message of a diagnostic says what happened and why, its hint what to do.
 */
export const diagnosticCatalog = {
  YamlSyntax: { severity: "error", title: "Front matter is not valid YAML" },
  FrontMatterMissing: { severity: "error", title: "The file has no front matter" },
  FieldRequired: { severity: "error", title: "A required field is missing" },
  FieldType: { severity: "error", title: "A field has the wrong type" },
  FieldUnknown: { severity: "error", title: "A field is not part of the schema" },
  DateInvalid: { severity: "error", title: "A date is not ISO 8601" },
  SectionUnknown: { severity: "error", title: "The section is not in the config" },
  ImageAltMissing: { severity: "error", title: "An image has no alt text" },
  ImageNotFound: { severity: "error", title: "An image file does not exist" },
  ImageInvalid: { severity: "error", title: "An image file cannot be read as an image" },
  ExpiresBeforeDate: { severity: "error", title: "The article expires before it is published" },
  PartialNotFound: { severity: "error", title: "A partial or template does not exist" },
  DuplicateUrl: { severity: "error", title: "Two sources claim the same URL" },
  PathUnsafe: { severity: "error", title: "A URL would write outside the output folder" },
  LinkBroken: { severity: "warning", title: "A link points to an internal URL no page produces" },
  TagsMerged: {
    severity: "warning",
    title: "Tags differing only in case or punctuation were merged",
  },
  AuthorUnknown: { severity: "warning", title: "An author file names nobody who wrote an article" },
  TemplateError: { severity: "error", title: "A template failed to compile or render" },
  MarkdownError: { severity: "error", title: "The Markdown body could not be rendered" },
  MarkdownTooLarge: { severity: "error", title: "The Markdown body is over the size limit" },
  MarkdownTooDeep: {
    severity: "error",
    title: "Lists and block quotes in the body are nested deeper than the limit",
  },
  MarkdownTooComplex: {
    severity: "error",
    title: "Rendering the body took longer than the time limit and was stopped",
  },
  DirectiveUnknown: {
    severity: "error",
    title: "A story block names no partial (built-in or templates/directives/<name>.eta)",
  },
  DirectiveInvalid: {
    severity: "error",
    title: "A story block is written or used in a way it cannot be rendered",
  },
  DirectiveAttributeMissing: {
    severity: "error",
    title: "A story block lacks an attribute it needs",
  },
  DirectiveAttributeUnknown: {
    severity: "error",
    title: "A story block has an attribute it does not take",
  },
  DirectiveAttributeInvalid: {
    severity: "error",
    title: "A story block's attribute has a value it cannot use",
  },
  DirectivesTooMany: {
    severity: "error",
    title: "The body holds more story blocks than the limit",
    hint: "split the article, or raise limits.body.blocks in the config",
  },
  RelatedStoryNotFound: {
    severity: "error",
    title: "A related card names no published story",
  },
  ConfigInvalid: { severity: "error", title: "The config is not valid" },
  ConfigNotFound: { severity: "error", title: "The config file could not be loaded" },
  OutDirUnsafe: { severity: "error", title: "The output folder would overwrite sources" },
  SearchIndexFailed: { severity: "error", title: "The search index could not be built" },
  CacheIgnored: { severity: "warning", title: "The build cache was unusable and was ignored" },
  FileExists: { severity: "error", title: "The file already exists" },
  UsageInvalid: { severity: "error", title: "The command line is not valid" },
  FolderNotEmpty: { severity: "error", title: "The folder to write into is not empty" },
  EncodingInvalid: {
    severity: "error",
    title: "A content file is not valid UTF-8",
    hint: "save the file as UTF-8; the message names the first byte that is not",
  },
  LimitExceeded: {
    severity: "error",
    title: "A front-matter value is over a limit of the config",
    hint: "shorten the value, or raise the limit under `limits` in the config",
  },
  BuildLocked: {
    severity: "error",
    title: "Another build holds the output folder or the build cache",
    hint: "wait for it to finish, or pass --wait [SECONDS]",
  },
  WriteFailed: {
    severity: "error",
    title: "A file could not be written (disk full, quota, permissions)",
    hint: "free space or fix the permissions of the named path, then build again",
  },
  ShardInvalid: {
    severity: "error",
    title: "A folder given to merge is not a finished shard, or its files changed since",
    hint: "build the shard again with newsdeck build --shard K/N",
  },
  ShardMismatch: {
    severity: "error",
    title: "Shards given to merge belong to different builds (plan, version or shard count)",
    hint: "build every shard from the same commit, with the same Newsdeck, options and --now",
  },
  ShardMissing: {
    severity: "error",
    title: "A shard of the build was not given to merge",
    hint: "pass the folder of every shard from 1 to N",
  },
  ShardDuplicate: {
    severity: "error",
    title: "A shard was given to merge twice",
    hint: "pass each shard's folder once",
  },
} as const satisfies Record<
  string,
  { severity: "error" | "warning"; title: string; hint?: string }
>;

/** A permanent diagnostic name from {@link diagnosticCatalog}. */
export type DiagnosticCode = keyof typeof diagnosticCatalog;
