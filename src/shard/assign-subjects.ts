import { compareText } from "../errors/diagnostic.js";

/** A subject of the plan under a name every shard gives it alike, and the work it costs. */
export interface WeightedSubject {
  /** The same on every machine: no ids local to one build cache (see `shard-plan.ts`). */
  readonly key: string;
  /** Whole, non-negative units of work (about a microsecond each). */
  readonly weight: number;
}

/**
 * Gives each subject a shard from 1 to `count`, balanced by weight and the same on every
 * machine: subjects are laid out in the order of a hash of their key (so each shard gets a like
 * mix of articles, listings and feeds, and errors in the weights even out), and the line is cut
 * into `count` stretches of equal weight, each subject going where its middle falls.
 *
 * Stable from one build to the next: a new, removed or reweighed subject moves the cuts by at
 * most its own weight, so only subjects of about that much weight cross each cut (one article
 * among articles); everything else stays where it was, and its shard's cache and output stay
 * good. Integer arithmetic only, so every machine cuts in the same places.
 */
export function assignSubjects(
  subjects: Iterable<WeightedSubject>,
  count: number,
): Map<string, number> {
  const placed = [...subjects]
    .map((subject) => ({ ...subject, order: hashKey32(subject.key) }))
    .sort((a, b) => a.order - b.order || compareText(a.key, b.key));
  let total = 0;
  for (const subject of placed) total += subject.weight;
  const shards = new Map<string, number>();
  let before = 0;
  for (const subject of placed) {
    // Where the subject's middle falls, in halves: (2 * before + weight) / (2 * total) of the line.
    const middle = 2 * before + subject.weight;
    const shard = total === 0 ? 1 : Math.floor((middle * count) / (2 * total)) + 1;
    shards.set(subject.key, Math.min(count, shard));
    before += subject.weight;
  }
  return shards;
}

/**
 * FNV-1a over the UTF-16 code units of `key`, then MurmurHash3's final mix (keys that differ in
 * their last character, `listing:1:t:x` and `listing:2:t:x`, land far apart): a fast 32-bit order.
 */
export function hashKey32(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
