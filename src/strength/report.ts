/**
 * What `npm run strength` shows of a contract's score (pact-io-ts/strength): a table by
 * operator, each disagreement with its id, its change and the three verdicts; the same as JSON
 * (`--json`); and JUnit XML, one case per mutant, written as `npm run verify` writes its own
 * (src/ci/junit.ts).
 */
import type { ContractScore, MutantScore, OperatorScore } from 'pact-io-ts/strength';
import type { InteractionCase } from '../ci/junit.js';

const HEADERS = [
  'operator',
  'mutants',
  'failed by the pact',
  'passed by the pact',
  'disagreements',
];

const cells = (row: OperatorScore): string[] => [
  row.operator,
  ...[row.mutants, row.failedByPact, row.passedByPact, row.disagreements].map(String),
];

/** The totals of every operator, as one more row. */
export const totalOf = (rows: readonly OperatorScore[]): OperatorScore => ({
  operator: 'all',
  mutants: rows.reduce((n, r) => n + r.mutants, 0),
  failedByPact: rows.reduce((n, r) => n + r.failedByPact, 0),
  passedByPact: rows.reduce((n, r) => n + r.passedByPact, 0),
  disagreements: rows.reduce((n, r) => n + r.disagreements, 0),
});

/** The table by operator, its columns aligned: names left, numbers right. */
export const tableLines = (score: ContractScore): string[] => {
  const rows = [HEADERS, ...[...score.operators, totalOf(score.operators)].map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  return rows.map(line);
};

/** The three verdicts of one mutant, in one line. */
export const verdictsLine = (m: MutantScore): string =>
  `client ${m.client} ${JSON.stringify(m.outcome)}, pact ${m.pact}, spec ${m.spec ?? 'not asked'}` +
  (m.demand === undefined ? '' : `, declared demand at ${m.demand.path}`);

/** Each disagreement: its id, its change, the verdicts and what the rules say of them. */
export const disagreementLines = (score: ContractScore): string[] =>
  score.disagreements.flatMap((m) => [
    `${m.mutant.id}: ${m.mutant.description}`,
    `  ${verdictsLine(m)}`,
    ...m.disagreements.map((d) => `  ${d.kind}: ${d.message}`),
  ]);

/** The run as JSON: the counts of each operator and of all, and each disagreement. */
export const scoreJson = (score: ContractScore, run: { seed: number; durationMs: number }) => ({
  ...run,
  total: totalOf(score.operators),
  operators: score.operators,
  disagreements: score.disagreements.map((m) => ({
    id: m.mutant.id,
    interaction: m.mutant.interaction,
    operator: m.mutant.operator,
    change: m.mutant.description,
    client: m.client,
    outcome: m.outcome,
    pact: m.pact,
    spec: m.spec ?? null,
    kinds: m.disagreements.map((d) => d.kind),
  })),
});

/** One JUnit case per mutant, grouped by operator: failed when a rule is broken. */
export const junitCases = (score: ContractScore): InteractionCase[] =>
  score.mutants.map((m) => ({
    description: `${m.mutant.id}: ${m.mutant.description}`,
    providerStates: [],
    durationMs: 0,
    className: `strength: ${m.mutant.operator}`,
    outcome:
      m.disagreements.length === 0
        ? { _tag: 'Passed' }
        : {
            _tag: 'Failed',
            mismatches: [...m.disagreements.map((d) => `${d.kind}: ${d.message}`), verdictsLine(m)],
          },
  }));
