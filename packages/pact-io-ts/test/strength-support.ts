/**
 * What the strength tests share: a pact file written as Pact V4 writes one,
 * a client as a user writes one (fetch, then its codec), and judges written
 * here from a predicate on the answer, for the harness to hold against it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type {
  ContractScore,
  DisagreementKind,
  Judge,
  Verdict,
  WireAnswer,
  WireMutant,
} from '../src/strength.js';

export interface Recorded {
  readonly description: string;
  readonly state: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

/** A pact file as Pact V4 writes it (matching rules left out: the judges here do not read them). */
export const writePact = (dir: string, name: string, interactions: readonly Recorded[]) => {
  const file = path.join(dir, `${name}.json`);
  const pact = {
    consumer: { name: 'strength-consumer' },
    provider: { name: 'strength-provider' },
    interactions: interactions.map((i) => ({
      description: i.description,
      pending: false,
      providerStates: [{ name: i.state }],
      request: { method: 'GET', path: i.path },
      response: {
        status: i.status,
        headers: { 'Content-Type': ['application/json'] },
        body: { content: i.body, contentType: 'application/json', encoded: false },
      },
      type: 'Synchronous/HTTP',
    })),
    metadata: { pactSpecification: { version: '4.0' } },
  };
  fs.writeFileSync(file, JSON.stringify(pact, null, 2));
  return file;
};

/** The value of header `name`, any case. */
export const header = (answer: WireAnswer, name: string) =>
  Object.entries(answer.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** The media type without its parameters, lower case: `application/json`. */
export const essenceOf = (contentType: string | null | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The body's JSON as a strict reader takes it: UTF-8, a byte order mark kept
 * (and so refused by JSON.parse); `undefined` when it is not JSON.
 */
export const jsonOf = (text: string | undefined): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text ?? '') as unknown);
  } catch {
    return E.left('not JSON');
  }
};

/** The body's text as the test clients read it: UTF-8, a byte order mark kept. */
export const textOf = async (response: Response) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());

/** A judge deciding each mutant by `passes`, on the answer alone. */
export const judgeOf = (name: string, passes: (m: WireMutant) => boolean): Judge => ({
  name,
  judge: (mutants) =>
    Promise.resolve(
      new Map(mutants.map((m): [string, Verdict] => [m.id, passes(m) ? 'passes' : 'fails'])),
    ),
});

/** Whether `codec` decodes the body of `answer` (JSON, as on the wire). */
export const decodes = (codec: t.Mixed, answer: WireAnswer) =>
  E.isRight(E.flatMap((json: unknown) => codec.decode(json))(jsonOf(answer.body)));

/** The ids of the mutants with a disagreement of `kind`, sorted. */
export const disagreeing = (score: ContractScore, kind: DisagreementKind) =>
  score.mutants
    .filter((s) => s.disagreements.some((d) => d.kind === kind))
    .map((s) => s.mutant.id)
    .sort();
