import { execFile } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { scoreContract, type Judge, type Verdict } from 'pact-io-ts/strength';
import { getOrder, Order } from './order.js';

const VERIFIER = require.resolve('@pact-foundation/pact-cli/bin/pact-verifier.js');

/** Pact's verifier as the pact's judge: the pact verified against one mutant after another. */
const pactVerifier = (pactFile: string): Judge => ({
  name: 'pact-verifier',
  judge: async (mutants, stub) => {
    const verdicts = new Map<string, Verdict>();
    for (const mutant of mutants) {
      const { hostname, port, pathname } = new URL(stub.baseUrlOf(mutant.id));
      const args = ['-f', pactFile, '-h', hostname, '-p', port, '--base-path', pathname];
      const passed = await new Promise<boolean>((resolve) =>
        execFile(process.execPath, [VERIFIER, ...args], (error) => resolve(error === null)),
      );
      verdicts.set(mutant.id, passed ? 'passes' : 'fails');
    }
    return verdicts;
  },
});

/** What the client's callers see: the order's status and its number of lines, or a refusal. */
const readOrder = async (baseUrl: string) =>
  pipe(
    await getOrder(baseUrl, 42),
    E.matchW(
      () => 'refused',
      (order) => ({ status: order.status, lines: order.lines.length }),
    ),
  );

/** A seeded sample of the order contract's mutants, judged by the client and by Pact. */
export const scoreOrderContract = (pactFile: string) =>
  scoreContract({
    pactFile,
    codecOf: () => Order,
    client: readOrder,
    pactJudge: pactVerifier(pactFile),
    seed: 42,
    sample: 14,
  });

/** One line per mutant the judges disagree on: what changed, the verdicts, the disagreements. */
export const orderDisagreements = async (pactFile: string) =>
  pipe(
    await scoreOrderContract(pactFile),
    E.map((score) =>
      score.disagreements.map(
        (s) =>
          `${s.mutant.description}: pact ${s.pact}, client ${s.client} ` +
          `(${s.disagreements.map((d) => d.kind).join(', ')})`,
      ),
    ),
  );
