/**
 * Counting an object's own keys without listing them.
 * @module
 */

/**
 * The number of own enumerable string keys of `value` (what `Object.keys(value).length` gives),
 * counted with `for…in` so that no array is made: hot comparisons (state diffs, the
 * `onBeforeModelGenerate` copies) count keys of every object they compare.
 */
export function ownKeyCount(value: object): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count++;
  return count;
}
