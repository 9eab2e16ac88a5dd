/** What the benchmarks print: medians and durations people read at a glance. */

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export const ms = (value: number): string =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;

/** `"12ms"`, `"1s 3ms"`, `"850µs"`: a duration as the Pact verifier prints it, in milliseconds. */
export const pactDurationMs = (text: string): number =>
  [...text.matchAll(/([\d.]+)\s*(ms|s|µs|us|ns)\b/g)].reduce(
    (sum, [, value, unit]) =>
      sum + Number(value) * ({ s: 1000, ms: 1, µs: 1e-3, us: 1e-3, ns: 1e-6 }[unit ?? 'ms'] ?? 1),
    0,
  );
