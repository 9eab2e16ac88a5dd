/** Seeds of the draws (`pact-io-ts/mutants`, `pact-io-ts/strength`). */

/**
 * A stable 32-bit seed for the draws at one place: FNV-1a of the seed and the
 * place, so that a draw does not move when something elsewhere changes.
 */
export const seedOf = (seed: number, ...parts: readonly string[]) => {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (const char of parts.join('\u0000')) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return hash | 0;
};
