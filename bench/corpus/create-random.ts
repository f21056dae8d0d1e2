/**
 * A seeded pseudo-random source with the few helpers the corpus generator needs.
 *
 * Every choice the generator makes goes through one of these, so a seed fully determines the
 * corpus.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /**
   * One element of a non-empty list, favouring the front of the list: the way a few tags or
   * sources account for most stories while a long tail appears now and then.
   */
  pickSkewed<T>(items: readonly T[]): T;
  /** `count` distinct elements of a list, in the order they were drawn. */
  sample<T>(items: readonly T[], count: number): T[];
}

/**
 * Creates a {@link Random} from a 32-bit seed using mulberry32.
 *
 * mulberry32 is tiny, fast and statistically good enough for synthetic text; we write it here
 * rather than depend on a package so the corpus cannot change under a dependency upgrade.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1));
  }

  function pickAt<T>(items: readonly T[], index: number): T {
    const item = items[index];
    if (item === undefined) {
      throw new RangeError(`cannot pick index ${index} from a list of ${items.length}`);
    }
    return item;
  }

  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => pickAt(items, Math.floor(next() * items.length)),
    // Squaring a uniform draw puts about half the picks in the first ~30% of the list.
    pickSkewed: (items) => pickAt(items, Math.floor(next() ** 2 * items.length)),
    sample<T>(items: readonly T[], count: number): T[] {
      const pool = [...items];
      const chosen: T[] = [];
      while (chosen.length < count && pool.length > 0) {
        const [item] = pool.splice(Math.floor(next() * pool.length), 1);
        if (item !== undefined) {
          chosen.push(item);
        }
      }
      return chosen;
    },
  };
}
