/**
 * Run settings shared by the fuzz properties: how many cases (FUZZ_RUNS, or
 * another variable, or a small default for `npm test`) and a failure report short enough to read
 * (counterexamples here can be 60 KiB bodies).
 */
import fc from 'fast-check';
import { errorMessage } from '../../src/config/index.js';

export const fuzzRuns = (fallback = 300, variable = 'FUZZ_RUNS'): number => {
  const runs = Number(process.env[variable] ?? fallback);
  return Number.isSafeInteger(runs) && runs > 0 ? runs : fallback;
};

const clip = (text: string, max = 600) =>
  (text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text).replace(
    /(.)\1{40,}/g,
    (run, char: string) => `${char.repeat(8)}...(x${run.length})`,
  );

/** fc.assert parameters: `runs` cases, and on failure one short message with the seed to replay. */
export const fuzzParameters = <Ts>(runs: number): fc.Parameters<Ts> => ({
  numRuns: runs,
  reporter: (details) => {
    if (!details.failed) return;
    const cause = errorMessage(details.errorInstance);
    throw new Error(
      [
        `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath ?? ''}")`,
        `cause: ${clip(cause)}`,
        `counterexample: ${clip(fc.stringify(details.counterexample))}`,
      ].join('\n'),
    );
  },
});
