import type { BuildState } from "../cache/build-state.js";

/**
 * The subjects the state's build wrote files for, read from the outputs table's lines
 * (`path\thash\tsize\ttemplates\tsubject`) without decoding records: for a shard, the subjects
 * it rendered last time.
 */
export function subjectsWithOutputs(state: BuildState): Set<string> {
  const subjects = new Set<string>();
  for (const line of state.tables.outputs.lines()) subjects.add(subjectOfLine(line));
  return subjects;
}

/** The subject field of an outputs table line (it is the last, and may hold tabs). */
export function subjectOfLine(line: string): string {
  let at = -1;
  for (let field = 0; field < 4; field++) at = line.indexOf("\t", at + 1);
  return at === -1 ? "" : line.slice(at + 1);
}
