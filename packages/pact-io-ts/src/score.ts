/**
 * The harness of `pact-io-ts/strength`: every mutant of a pact, served by a
 * real HTTP stub, judged three ways, and the rules checked on each.
 *
 * - The client: the user's client function runs against the recorded answer
 *   and against each mutant; its outcomes (what its callers can observe,
 *   reduced by the user) are compared by deep equality: `same` or `different`.
 * - The pact: a judge given (Pact's verifier, for one).
 * - The spec: an optional judge (a published OpenAPI document and HTTP).
 *
 * The rules: the pact fails a mutant exactly when the client's outcome is
 * different; a mutant the spec passes gives the client's same outcome, unless a
 * demand declared with its reason covers it.
 */
import { isDeepStrictEqual } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Judge, MutantStub, Verdict, WireMutant } from './answer.js';
import type { DeclaredDemand } from './demands.js';
import type { DerivationError } from './error.js';
import { readPact, type PactFileError, type RecordedInteraction } from './pact-file.js';
import {
  mutantsOfInteractions,
  strengthOperators,
  type CodecOf,
  type PactMutantsOptions,
} from './pact-mutants.js';
import { seedOf } from './seed.js';
import { serveMutants, type Served, type StubError } from './stub.js';

/** The user's client: given a base URL, it makes the interaction's request and gives its outcome. */
export type Client = (baseUrl: string, interaction: RecordedInteraction) => Promise<unknown>;

/** The client's verdict on a mutant: the outcome of the recorded answer, or another. */
export type ClientVerdict = 'same' | 'different';

export type DisagreementKind =
  /** The pact fails an answer the client reads as it reads the recorded one. */
  | 'pact-demands-too-much'
  /** The pact passes an answer the client reads otherwise. */
  | 'pact-demands-too-little'
  /** The spec and HTTP allow an answer the client reads otherwise, and no declared demand says why. */
  | 'client-demands-too-much';

export interface Disagreement {
  readonly kind: DisagreementKind;
  readonly message: string;
}

export interface MutantScore {
  readonly mutant: WireMutant;
  /** The client's outcome on the mutant (`{ thrown: message }` when the client threw). */
  readonly outcome: unknown;
  readonly client: ClientVerdict;
  readonly pact: Verdict;
  /** Absent without a spec judge. */
  readonly spec?: Verdict;
  /** The declared demand covering the mutant, when one does. */
  readonly demand?: DeclaredDemand;
  readonly disagreements: readonly Disagreement[];
}

/** A row of the table: one operator's mutants. */
export interface OperatorScore {
  readonly operator: string;
  readonly mutants: number;
  readonly failedByPact: number;
  readonly passedByPact: number;
  /** The mutants with at least one disagreement. */
  readonly disagreements: number;
}

export interface ContractScore {
  /** The client's outcome on each interaction's recorded answer, by interaction. */
  readonly recorded: ReadonlyMap<string, unknown>;
  readonly mutants: readonly MutantScore[];
  /** One row per operator, in the order of `strengthOperators`. */
  readonly operators: readonly OperatorScore[];
  /** The mutants with at least one disagreement. */
  readonly disagreements: readonly MutantScore[];
}

export interface ScoreOptions extends PactMutantsOptions {
  readonly pactFile: string;
  readonly codecOf: CodecOf;
  readonly client: Client;
  readonly pactJudge: Judge;
  readonly specJudge?: Judge;
  /** Demands beyond the spec, each with its reason: a mutant they cover may change the client's outcome. */
  readonly demands?: readonly DeclaredDemand[];
  /** A seeded sample of this many mutants, every operator in it (default: all). */
  readonly sample?: number;
  /** Client requests in flight at once (default 8). */
  readonly concurrency?: number;
}

export interface JudgeError {
  readonly _tag: 'JudgeError';
  readonly judge: string;
  readonly message: string;
}

export interface ClientError {
  readonly _tag: 'ClientError';
  readonly interaction: string;
  readonly message: string;
}

export type StrengthError = PactFileError | DerivationError | StubError | JudgeError | ClientError;

const judgeError = (judge: string, message: string): JudgeError => ({
  _tag: 'JudgeError',
  judge,
  message: `judge ${judge}: ${message}`,
});

/** The id the recorded answer of `interaction` is served under. */
const recordedId = (interaction: string) => `${interaction}/(recorded)`;

/**
 * `count` mutants drawn with `seed`, every operator in turn (so each is in the
 * sample when `count` allows), in their original order.
 */
export const sampleMutants = (
  mutants: readonly WireMutant[],
  count: number,
  seed: number,
): readonly WireMutant[] => {
  const byOperator = new Map<string, WireMutant[]>();
  for (const m of mutants) byOperator.set(m.operator, [...(byOperator.get(m.operator) ?? []), m]);
  const queues = [...byOperator.values()].map((group) =>
    [...group].sort((a, b) => seedOf(seed, a.id) - seedOf(seed, b.id)),
  );
  const chosen = new Set<string>();
  for (let round = 0; chosen.size < Math.min(count, mutants.length); round += 1) {
    for (const queue of queues) {
      const m = queue[round];
      if (m !== undefined && chosen.size < count) chosen.add(m.id);
    }
  }
  return mutants.filter((m) => chosen.has(m.id));
};

/** `f` over `items`, at most `limit` at once, results in order. */
const mapLimited = async <A, B>(
  items: readonly A[],
  limit: number,
  f: (item: A) => Promise<B>,
): Promise<B[]> => {
  const results: B[] = new Array<B>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      for (const item of items.slice(i, i + 1)) results[i] = await f(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
};

const outcomeOf = async (client: Client, baseUrl: string, interaction: RecordedInteraction) => {
  try {
    return { ok: true as const, outcome: await client(baseUrl, interaction) };
  } catch (error) {
    return { ok: false as const, outcome: { thrown: String(error) } };
  }
};

/** The client's outcome on each recorded answer, then on each mutant. */
const clientJudge = async (
  options: ScoreOptions,
  interactions: ReadonlyMap<string, RecordedInteraction>,
  mutants: readonly WireMutant[],
  stub: MutantStub,
): Promise<E.Either<ClientError, { recorded: Map<string, unknown>; outcomes: unknown[] }>> => {
  const recorded = new Map<string, unknown>();
  for (const [name, interaction] of interactions) {
    const run = await outcomeOf(options.client, stub.baseUrlOf(recordedId(name)), interaction);
    if (!run.ok) {
      const message = `${name}: the client fails on the recorded answer: ${JSON.stringify(run.outcome)}`;
      return E.left({ _tag: 'ClientError', interaction: name, message });
    }
    recorded.set(name, run.outcome);
  }
  const outcomes = await mapLimited(mutants, options.concurrency ?? 8, async (m) => {
    const interaction = interactions.get(m.interaction);
    if (interaction === undefined) return { thrown: `no interaction ${m.interaction}` };
    return (await outcomeOf(options.client, stub.baseUrlOf(m.id), interaction)).outcome;
  });
  return E.right({ recorded, outcomes });
};

/** A judge's verdicts, checked: one for every mutant, each `passes` or `fails`. */
const runJudge = async (
  judge: Judge,
  mutants: readonly WireMutant[],
  stub: MutantStub,
): Promise<E.Either<JudgeError, ReadonlyMap<string, Verdict>>> => {
  try {
    const verdicts = await judge.judge(mutants, stub);
    const missing = mutants.filter((m) => {
      const v = verdicts.get(m.id);
      return v !== 'passes' && v !== 'fails';
    });
    return missing.length === 0
      ? E.right(verdicts)
      : E.left(
          judgeError(
            judge.name,
            `no verdict ("passes" or "fails") for ${missing.length} mutants, among them "${missing[0]?.id ?? ''}"`,
          ),
        );
  } catch (error) {
    return E.left(judgeError(judge.name, `threw ${String(error)}`));
  }
};

/** `run` against a stub of its own serving `served`, closed after. */
const withStub = async <A>(
  served: readonly Served[],
  run: (stub: MutantStub) => Promise<E.Either<StrengthError, A>>,
): Promise<E.Either<StrengthError, A>> => {
  const stub = await serveMutants(served);
  if (E.isLeft(stub)) return stub;
  try {
    return await run(stub.right);
  } finally {
    await stub.right.close();
  }
};

const under = (path: string, demanded: string) =>
  path === demanded || path.startsWith(`${demanded}.`) || path.startsWith(`${demanded}[`);

/**
 * The declared demand covering `mutant`: one on its codec at or above its codec
 * path, or one naming its header.
 */
const demandOf = (
  mutant: WireMutant,
  codecName: string | undefined,
  demands: readonly DeclaredDemand[],
) =>
  demands.find(
    (d) =>
      (mutant.codecPath !== undefined &&
        d.codec === codecName &&
        under(mutant.codecPath, d.path)) ||
      (mutant.header !== undefined && d.path.toLowerCase() === mutant.header.toLowerCase()),
  );

const disagreementsOf = (
  client: ClientVerdict,
  pact: Verdict,
  spec: Verdict | undefined,
  demand: DeclaredDemand | undefined,
): readonly Disagreement[] => [
  ...(pact === 'fails' && client === 'same'
    ? [
        {
          kind: 'pact-demands-too-much' as const,
          message: 'the pact fails it; the client reads it as the recorded answer',
        },
      ]
    : []),
  ...(pact === 'passes' && client === 'different'
    ? [
        {
          kind: 'pact-demands-too-little' as const,
          message: 'the pact passes it; the client reads it otherwise',
        },
      ]
    : []),
  ...(spec === 'passes' && client === 'different' && demand === undefined
    ? [
        {
          kind: 'client-demands-too-much' as const,
          message:
            'the spec and HTTP allow it; the client reads it otherwise, and no declared demand says why',
        },
      ]
    : []),
];

/** The table: one row per operator, in the order of `strengthOperators` (any other last). */
export const operatorScores = (mutants: readonly MutantScore[]): readonly OperatorScore[] => {
  const rows = new Map<string, OperatorScore>();
  for (const m of mutants) {
    const row = rows.get(m.mutant.operator) ?? {
      operator: m.mutant.operator,
      mutants: 0,
      failedByPact: 0,
      passedByPact: 0,
      disagreements: 0,
    };
    rows.set(m.mutant.operator, {
      ...row,
      mutants: row.mutants + 1,
      failedByPact: row.failedByPact + (m.pact === 'fails' ? 1 : 0),
      passedByPact: row.passedByPact + (m.pact === 'passes' ? 1 : 0),
      disagreements: row.disagreements + (m.disagreements.length > 0 ? 1 : 0),
    });
  }
  const rank = (operator: string) => {
    const i = (strengthOperators as readonly string[]).indexOf(operator);
    return i === -1 ? strengthOperators.length : i;
  };
  return [...rows.values()].sort((a, b) => rank(a.operator) - rank(b.operator));
};

interface Judged {
  readonly recorded: ReadonlyMap<string, unknown>;
  readonly outcomes: readonly unknown[];
  readonly pact: ReadonlyMap<string, Verdict>;
  readonly spec: ReadonlyMap<string, Verdict> | undefined;
}

const scored = (
  options: ScoreOptions,
  interactions: ReadonlyMap<string, RecordedInteraction>,
  mutants: readonly WireMutant[],
  judged: Judged,
): ContractScore => {
  const scores = mutants.map((mutant, i): MutantScore => {
    const interaction = interactions.get(mutant.interaction);
    const outcome = judged.outcomes[i];
    const client = isDeepStrictEqual(outcome, judged.recorded.get(mutant.interaction))
      ? 'same'
      : 'different';
    const pact = judged.pact.get(mutant.id) ?? 'fails';
    const spec = judged.spec?.get(mutant.id);
    const codec = interaction === undefined ? undefined : options.codecOf(interaction);
    const demand = demandOf(mutant, codec?.name, options.demands ?? []);
    return {
      mutant,
      outcome,
      client,
      pact,
      ...(spec === undefined ? {} : { spec }),
      ...(demand === undefined ? {} : { demand }),
      disagreements: disagreementsOf(client, pact, spec, demand),
    };
  });
  return {
    recorded: judged.recorded,
    mutants: scores,
    operators: operatorScores(scores),
    disagreements: scores.filter((s) => s.disagreements.length > 0),
  };
};

/** The three judges at once, each against a stub of its own. */
const judgeAll = async (
  options: ScoreOptions,
  interactions: ReadonlyMap<string, RecordedInteraction>,
  mutants: readonly WireMutant[],
): Promise<E.Either<StrengthError, Judged>> => {
  const served: readonly Served[] = [
    ...[...interactions.values()].map((i) => ({ id: recordedId(i.description), answer: i.answer })),
    ...mutants,
  ];
  const { specJudge } = options;
  const [client, pact, spec] = await Promise.all([
    withStub(served, (stub) => clientJudge(options, interactions, mutants, stub)),
    withStub(served, (stub) => runJudge(options.pactJudge, mutants, stub)),
    specJudge === undefined
      ? Promise.resolve(E.right(undefined))
      : withStub(served, (stub) => runJudge(specJudge, mutants, stub)),
  ]);
  return pipe(
    E.Do,
    E.apS('client', client),
    E.apS('pact', pact),
    E.apS('spec', spec),
    E.map((all) => ({ ...all.client, pact: all.pact, spec: all.spec })),
  );
};

/**
 * Scores the contract of `options.pactFile`: its mutants (a seeded sample of
 * them with `sample`), each judged by the client, the pact judge and the spec
 * judge, the rules checked on each. The stubs are closed when it resolves.
 */
export const scoreContract = async (
  options: ScoreOptions,
): Promise<E.Either<StrengthError, ContractScore>> => {
  const read = pipe(
    readPact(options.pactFile),
    E.flatMap<
      readonly RecordedInteraction[],
      StrengthError,
      readonly [readonly RecordedInteraction[], readonly WireMutant[]]
    >((interactions) =>
      pipe(
        mutantsOfInteractions(interactions, options.codecOf, options),
        E.map((mutants) => [interactions, mutants] as const),
      ),
    ),
  );
  if (E.isLeft(read)) return read;
  const [list, all] = read.right;
  const interactions = new Map(list.map((i) => [i.description, i]));
  const mutants =
    options.sample === undefined ? all : sampleMutants(all, options.sample, options.seed ?? 1);
  const judged = await judgeAll(options, interactions, mutants);
  return pipe(
    judged,
    E.map((j) => scored(options, interactions, mutants, j)),
  );
};
