/**
 * Seeded pseudo-random numbers for shuffling datasets and choices reproducibly.
 * @module
 */

/** Returns a number in [0, 1). */
export type RandomSource = () => number;

/** Returns a 32-bit hash of a text (FNV-1a), for deriving seeds. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Returns a seeded random source (mulberry32), or `Math.random` when `seed` is undefined. */
export function createRandom(seed?: number): RandomSource {
  if (seed === undefined) return Math.random;
  let a = Number.isInteger(seed) ? seed >>> 0 : hashSeed(String(seed));
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T>(items: T[], random: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
